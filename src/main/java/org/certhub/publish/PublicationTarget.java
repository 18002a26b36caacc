package org.certhub.publish;

import java.util.Map;
import org.certhub.licence.LicenceVersionView;

/** Somewhere sealed certificates are published: the provincial network, or the demo outbox. */
public interface PublicationTarget {

    /** Stable id, recorded with each publication. */
    String id();

    /**
     * Publishes one sealed licence version; returns the target's acknowledgement. Throws when the target did not
     * take it, so that the publication is retried later. Publishing the same version again must be harmless.
     */
    String publish(LicenceVersionView version, byte[] sealedPdf, Map<String, Object> metadata) throws Exception;
}
