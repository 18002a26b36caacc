package org.certhub.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    Catalogue catalogue(CatalogueSettings settings) {
        return Catalogue.load(settings.dir());
    }
}
