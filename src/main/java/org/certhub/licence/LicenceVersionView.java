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
        Operation operation) {

    /** A later version (a renewal or change) replaced this one. */
    public boolean superseded() {
        return version < currentVersion;
    }
}
