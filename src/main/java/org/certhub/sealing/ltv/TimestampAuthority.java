package org.certhub.sealing.ltv;

/** A time-stamping authority (RFC 3161): proves that data existed at a time. */
public interface TimestampAuthority {

    /**
     * A timestamp token over the given SHA-256 digest.
     *
     * @return the DER-encoded TimeStampToken (a CMS ContentInfo), with the TSA's certificate included
     * @throws TimestampUnavailableException when the TSA cannot be reached, is too slow or refuses, after the
     *                                       configured attempts
     */
    byte[] timestamp(byte[] sha256Digest);
}
