package org.certhub.mapping;

import org.certhub.catalog.Catalogue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

    @Bean
    Mappings mappings(MappingSettings settings, Catalogue catalogue) {
        return Mappings.load(settings.dir(), catalogue);
    }
}
