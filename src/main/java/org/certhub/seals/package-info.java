/**
 * The seal registry: each issuing authority's seals (image, certificate chain, key reference) from
 * {@code config/seals.yaml} and the {@code /api/v1/seals} API, checked at start-up, rotated without invalidating
 * earlier certificates, and watched for certificates that are about to expire.
 */
package org.certhub.seals;
