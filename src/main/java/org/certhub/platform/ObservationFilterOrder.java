package org.certhub.platform;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Moves Spring Boot's HTTP observation filter (the {@code http.server.requests} metrics and traces) from the very
 * front of the filter chain to just after the public rate limits and the QR pages' cache: a page served from the
 * cache, or refused by a limit, costs no observation (it was a fifth of such a page's cost), and every other request
 * is observed as before. The cache counts what it serves ({@code certhub.verify.pages.cached}).
 */
@Component
class ObservationFilterOrder implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof FilterRegistrationBean<?> registration
                && registration.getFilter() instanceof ServerHttpObservationFilter) {
            // still ahead of Spring Security's chain, so refused requests are observed as before
            registration.setOrder(PublicFilters.PUBLIC_PAGES_ORDER + 1);
        }
        return bean;
    }
}
