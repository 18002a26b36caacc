/** The reject store's API: listing rejects with their reasons and raw payloads, re-drive and discard. */
package org.certhub.rejects;
