package org.certhub.sealing.ltv;

/**
 * A URL that a certificate names is not fetched, or its answer not taken: it points at a loopback, link-local or
 * private address that is not allowed, redirects to another host, or answers more than the size limit. Waiting does
 * not change that, so sealing fails for it (not parked) until the configuration or the certificate changes.
 */
public class FetchRefusedException extends IllegalStateException {

    FetchRefusedException(String message) {
        super(message);
    }
}
