package org.certhub.verify;

import java.util.List;

/**
 * One certificate as the public API shows it (the query and the upload check).
 *
 * @param status          VALID, SUSPENDED, REVOKED, CANCELLED, EXPIRED, or REPLACED (a later version replaced this
 *                        one; {@code replacedBy} is its version)
 * @param statusLabel     the status in the issuing authority's words (有效, 暂扣, 撤销, 注销, 失效)
 * @param statusReason    why it is not valid, as the authority gave it
 * @param holderIdNumber  the holder's ID number, masked
 * @param fields          the other fields the catalogue shows publicly
 * @param verificationUrl the page its QR code opens
 */
record PublicCertificate(
        String type,
        String number,
        String identifier,
        int version,
        String status,
        String statusLabel,
        boolean valid,
        String statusReason,
        String statusChangedOn,
        Integer replacedBy,
        String holderName,
        String holderIdNumber,
        List<VerificationController.Line> fields,
        String issuedOn,
        String validTo,
        String issuer,
        String verificationUrl) {

    static PublicCertificate of(VerificationController.PublicView v, String publicBaseUrl) {
        return new PublicCertificate(
                v.name(),
                v.number(),
                v.identifier(),
                v.version(),
                v.statusCode(),
                v.status(),
                v.valid(),
                v.statusReason(),
                v.statusChangedOn(),
                v.supersededBy(),
                v.holderName(),
                v.holderCode(),
                v.details(),
                v.issuedOn(),
                v.validTo(),
                v.issuer(),
                publicBaseUrl + "/v/" + v.token());
    }
}
