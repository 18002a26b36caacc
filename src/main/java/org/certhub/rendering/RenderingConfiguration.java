package org.certhub.rendering;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One renderer with the fonts shipped with the hub, shared by every sealing worker. */
@Configuration(proxyBeanMethods = false)
class RenderingConfiguration {

    @Bean
    CertificateRenderer certificateRenderer() {
        return new CertificateRenderer(FontSet.loadDefault());
    }
}
