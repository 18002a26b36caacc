package org.certhub.sealing;

import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;

import org.certhub.catalog.Catalogue;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.HubSettings;
import org.certhub.sealing.ltv.LongTermValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default's sealing set-up: fonts shipped with the hub, and the demo PKI generated on first start
 * under {@code data/keys/} for the catalogue's issuing authority. The seal registry ({@code seal.Seals}) makes the
 * demo seal from it.
 */
@Configuration(proxyBeanMethods = false)
class SigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningConfiguration.class);

    @Bean
    DemoPki demoPki(CerthubPaths paths, Catalogue catalogue, HubSettings hub) {
        String authority = catalogue.types().iterator().next().issuingAuthority().name();
        DemoPki pki = DemoPki.ensure(paths.keys(), authority, hub.publicBaseUrl());
        log.info("Sealing with the demo key of {} in {}", authority, pki.keystore());
        return pki;
    }

    @Bean
    CertificateRenderer certificateRenderer() {
        return new CertificateRenderer(FontSet.loadDefault());
    }
}
