package org.certhub.licence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** One licence version as the signing, publishing and verification steps read it. */
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
        Instant signedAt) {
}
