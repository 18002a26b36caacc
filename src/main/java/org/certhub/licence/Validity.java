package org.certhub.licence;

import java.time.LocalDate;
import java.util.Map;
import org.certhub.catalog.CertificateType;

/**
 * The validity period of a new version: a renewal starts a new period on the day it is issued; a change keeps the
 * current period, unless the type takes its validity from the data.
 */
record Validity(LocalDate from, LocalDate to) {

    static Validity after(
            CertificateType type,
            Operation operation,
            LocalDate currentFrom,
            LocalDate currentTo,
            Map<String, String> data,
            LocalDate today) {
        LocalDate from = operation == Operation.RENEW ? today : currentFrom;
        LocalDate to = operation == Operation.RENEW || type.validityFromData() ? type.validTo(from, data) : currentTo;
        return new Validity(from, to);
    }
}
