/**
 * Long-term validation of sealed documents: RFC 3161 timestamps from a time-stamping authority
 * ({@link org.certhub.sealing.ltv.TimestampAuthority}), revocation data ({@link org.certhub.sealing.ltv.RevocationSource})
 * and the PDF document security store and document timestamps that B-LT and B-LTA add
 * ({@link org.certhub.sealing.ltv.LongTermValidation}).
 */
package org.certhub.sealing.ltv;
