package org.certhub.licence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One licence version as the signing, publishing and verification steps read it; status, reason and current version
 * are the licence's, as of now.
 */
public record LicenceVersionView(
        long licenceId,
        long versionId,
        String typeCode,
        String identifier,
        int version,
        String number,
        LicenceStatus status,
        VersionState state,
        Map<String, String> data,
        LocalDate firstIssuedOn,
        LocalDate issuedOn,
        LocalDate validFrom,
        LocalDate validTo,
        String verifyToken,
        String filePath,
        String fileSha256,
        Instant signedAt,
        int currentVersion,
        String statusReason,
        java.time.OffsetDateTime statusChangedAt,
        Operation operation,
        String ofdFilePath,
        String ofdFileSha256) {

    /** A later version (a renewal or change) replaced this one. */
    public boolean superseded() {
        return version < currentVersion;
    }

    /**
     * The licence's status as it reads on the day: a valid licence past its last day reads as expired, whether or not
     * the nightly job has marked it yet.
     */
    public LicenceStatus statusOn(LocalDate today) {
        if (status == LicenceStatus.VALID && validTo != null && validTo.isBefore(today)) {
            return LicenceStatus.EXPIRED;
        }
        return status;
    }
}
