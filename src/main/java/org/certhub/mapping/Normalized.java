package org.certhub.mapping;

import java.util.List;
import java.util.Map;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.Operation;

/** What normalizing a raw record gave: canonical data ready to act on, or the reasons it cannot be. */
public sealed interface Normalized {

    String mappingVersion();

    /**
     * A record that passed its mapping and the catalogue's checks.
     *
     * @param values      canonical face fields: complete for {@code new}, the changed ones for renew and change
     * @param businessKey identifies the certificate ({@code new}) or this operation on it (the others)
     * @param licenceRef  for operations on an existing licence: its number or identifier
     * @param reason      why, for status changes
     */
    record Accepted(
            String mappingVersion,
            CertificateType type,
            Operation operation,
            Map<String, String> values,
            String businessKey,
            String licenceRef,
            String reason)
            implements Normalized {}

    record Rejected(String mappingVersion, List<RejectReason> reasons) implements Normalized {}
}
