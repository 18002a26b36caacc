package org.certhub.verify;

import org.certhub.platform.PublicFilters;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    /** The QR pages' cache, after the rate limits and before Spring Security's chain. */
    @Bean
    FilterRegistrationBean<VerificationPages> verificationPages(PublicLookups lookups) {
        var registration = new FilterRegistrationBean<>(lookups.pages());
        registration.setOrder(PublicFilters.PUBLIC_PAGES_ORDER);
        registration.addUrlPatterns("/v/*");
        return registration;
    }
}
