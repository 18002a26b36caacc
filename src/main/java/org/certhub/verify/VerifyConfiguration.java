package org.certhub.verify;

import org.certhub.platform.PublicFilters;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    /** Where Redis is configured: every node drops a changed licence's look-ups at once (docs/verification.md). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("certhub.verify.redis-url")
    RedisInvalidations redisInvalidations(
            PublicLookups lookups, @Value("${certhub.verify.redis-url}") String redisUrl) {
        return new RedisInvalidations(lookups, redisUrl);
    }

    /** The QR pages' cache, after the rate limits and before Spring Security's chain. */
    @Bean
    FilterRegistrationBean<VerificationPages> verificationPages(PublicLookups lookups) {
        var registration = new FilterRegistrationBean<>(lookups.pages());
        registration.setOrder(PublicFilters.PUBLIC_PAGES_ORDER);
        registration.addUrlPatterns("/v/*");
        return registration;
    }
}
