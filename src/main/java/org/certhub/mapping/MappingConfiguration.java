package org.certhub.mapping;

import java.nio.file.Path;
import org.certhub.catalog.Catalogue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

    @Bean
    Mappings mappings(@Value("${certhub.mappings.dir:mappings}") Path dir, Catalogue catalogue) {
        return Mappings.load(dir, catalogue);
    }
}
