package org.certhub.mapping;

import java.util.List;
import java.util.Map;
import org.certhub.catalog.CertificateType;

/** What normalizing a raw record gave: canonical data ready to issue, or the reasons it cannot be. */
public sealed interface Normalized {

    String mappingVersion();

    record Accepted(String mappingVersion, CertificateType type, String operation, Map<String, String> values,
            String businessKey) implements Normalized {
    }

    record Rejected(String mappingVersion, List<RejectReason> reasons) implements Normalized {
    }
}
