package org.certhub.platform;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;

/** Where the public pages' servlet filters run among the others. */
public final class PublicFilters {

    /**
     * After the public rate limits (one before), before the HTTP observation filter (one after) and Spring Security's
     * chain (two after): a page served from a cache still counts against its client's limit, and costs neither an
     * observation nor the security chain.
     */
    public static final int PUBLIC_PAGES_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 2;

    private PublicFilters() {}
}
