package org.certhub.demopki;

import java.time.Clock;
import org.certhub.catalog.Catalogue;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.HubSettings;
import org.certhub.platform.Mode;
import org.certhub.sealing.ltv.CrlDistributionPoints;
import org.certhub.sealing.ltv.HttpTimestampAuthority;
import org.certhub.sealing.ltv.LongTermValidation;
import org.certhub.sealing.ltv.RevocationSource;
import org.certhub.sealing.ltv.TimestampAuthority;
import org.certhub.sealing.ltv.TimestampSettings;
import org.certhub.sealing.ltv.TimestampUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo PKI generated on first start under {@code data/keys/} for the catalogue's issuing authority (the seal
 * registry makes the demo seal from it), the demo CA and TSA, and the long-term validation the sealer uses: timestamps from the configured TSA (the demo TSA
 * in process when none is set), revocation data from the demo CA for its own certificates and from the CRL
 * distribution points for any other.
 */
@Configuration(proxyBeanMethods = false)
class PkiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PkiConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = Mode.PROPERTY, havingValue = "demo", matchIfMissing = true)
    DemoPki demoPki(CerthubPaths paths, Catalogue catalogue, HubSettings hub) {
        String authority =
                catalogue.types().iterator().next().issuingAuthority().name();
        DemoPki pki = DemoPki.ensure(paths.keys(), authority, hub.publicBaseUrl());
        log.info("Sealing with the demo key of {} in {}", authority, pki.keystore());
        return pki;
    }

    @Bean
    @ConditionalOnProperty(name = Mode.PROPERTY, havingValue = "demo", matchIfMissing = true)
    DemoCertificateAuthority demoCertificateAuthority(DemoPki pki, Clock clock) {
        return new DemoCertificateAuthority(pki, clock);
    }

    @Bean
    @ConditionalOnProperty(name = Mode.PROPERTY, havingValue = "demo", matchIfMissing = true)
    DemoTimestampAuthority demoTimestampAuthority(DemoPki pki, Clock clock) {
        return new DemoTimestampAuthority(pki, clock);
    }

    @Bean
    LongTermValidation longTermValidation(
            TimestampSettings settings,
            ObjectProvider<DemoTimestampAuthority> demoTsas,
            ObjectProvider<DemoCertificateAuthority> demoCas) {
        DemoTimestampAuthority demoTsa = demoTsas.getIfAvailable();
        DemoCertificateAuthority demoCa = demoCas.getIfAvailable();
        TimestampAuthority tsa;
        if (settings.demo() && demoTsa == null) {
            // production mode refuses to start when a type needs timestamps; types sealed at B-B never ask
            tsa = digest -> {
                throw new TimestampUnavailableException(
                        "no TSA is configured (certhub.signing.tsa.url); the demo TSA is off in production mode", null);
            };
        } else if (settings.demo()) {
            log.info(
                    "Timestamps (B-T and up) come from the hub's demo TSA; set certhub.signing.tsa.url for a real one");
            tsa = demoTsa;
        } else {
            log.info(
                    "Timestamps (B-T and up) come from {}: {} attempts, {} s each",
                    settings.url(),
                    settings.attempts(),
                    settings.timeout().toSeconds());
            tsa = new HttpTimestampAuthority(settings);
        }
        RevocationSource distributionPoints = new CrlDistributionPoints(settings.timeout());
        return new LongTermValidation(
                tsa, demoCa == null ? distributionPoints : demoCa.revocationSource(distributionPoints));
    }
}
