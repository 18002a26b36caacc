package org.certhub.publish;

import java.util.Map;
import org.certhub.licence.LicenceVersionView;

/** Somewhere sealed certificates are published: the provincial network, or the demo outbox. */
public interface PublicationTarget {

    /** Stable id, recorded with each publication. */
    String id();

    /**
     * Publishes one sealed licence version, its PDF and, when its type issues one, its OFD; returns the target's
     * acknowledgement. Throws when the target did not take it, so that the publication is retried later. Publishing
     * the same version again must be harmless.
     *
     * @param sealedOfd the version's sealed OFD, or null when its type issues none
     */
    String publish(LicenceVersionView version, byte[] sealedPdf, byte[] sealedOfd, Map<String, Object> metadata)
            throws Exception;

    /**
     * Publishes a status change (suspension, reinstatement, revocation, cancellation) of a licence; the notice
     * holds the licence's metadata with the new status, the operation, its reason and time. Publishing the same
     * notice again must be harmless.
     */
    String publishStatus(LicenceVersionView current, long eventId, Map<String, Object> notice) throws Exception;
}
