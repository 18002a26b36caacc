/** The `bench` subcommands of the jar: issuance, keys, ingest and REST throughput on a fresh temporary hub. */
package org.certhub.bench;
