package org.certhub.platform;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;

/** Where the public pages' servlet filters run among the others. */
public final class PublicFilters {

    /**
     * After the public rate limits (one before), before Spring Security's chain: a page served from a cache still
     * counts against its client's limit, and costs no security chain.
     */
    public static final int PUBLIC_PAGES_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1;

    private PublicFilters() {}
}
