/** Channels (file drop, REST, database polling, JMS, Kafka) and the raw record store with each record's provenance. */
package org.certhub.intake;
