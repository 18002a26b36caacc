package org.certhub.catalog;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    Catalogue catalogue(@Value("${certhub.catalog.dir:config/catalog}") Path dir) {
        return Catalogue.load(dir);
    }
}
