package org.certhub.rendering;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The fonts shipped with the hub, loaded once: issuance asks them whether a record's face can be printed, and one
 * renderer shared by every sealing worker prints it.
 */
@Configuration(proxyBeanMethods = false)
class RenderingConfiguration {

    @Bean
    FontSet fontSet() {
        return FontSet.loadDefault();
    }

    @Bean
    CertificateRenderer certificateRenderer(FontSet fonts) {
        return new CertificateRenderer(fonts);
    }
}
