package org.certhub.demopki;

import java.time.Clock;
import java.util.List;
import org.certhub.catalog.Catalogue;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.HubSettings;
import org.certhub.platform.Mode;
import org.certhub.platform.ModeSettings;
import org.certhub.sealing.ltv.CrlDistributionPoints;
import org.certhub.sealing.ltv.FetchSettings;
import org.certhub.sealing.ltv.HttpTimestampAuthority;
import org.certhub.sealing.ltv.LinkFetcher;
import org.certhub.sealing.ltv.LongTermValidation;
import org.certhub.sealing.ltv.RevocationSource;
import org.certhub.sealing.ltv.TimestampAuthority;
import org.certhub.sealing.ltv.TimestampSettings;
import org.certhub.sealing.ltv.TimestampUnavailableException;
import org.certhub.sealing.ltv.TsaTrust;
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

    /**
     * Timestamps from the configured TSA, trusted through its trust anchors (and, in demo mode, the demo TSA's root),
     * or from the demo TSA in process; CRLs fetched within the fetch limits (loopback allowed in demo mode, where
     * the demo PKI's CRL is on this machine).
     *
     * @throws IllegalStateException in production mode, for a TSA that is not https or has no trust anchor
     */
    @Bean
    LongTermValidation longTermValidation(
            TimestampSettings settings,
            FetchSettings fetch,
            ModeSettings mode,
            ObjectProvider<DemoPki> pkis,
            ObjectProvider<DemoTimestampAuthority> demoTsas,
            ObjectProvider<DemoCertificateAuthority> demoCas,
            Clock clock) {
        DemoTimestampAuthority demoTsa = demoTsas.getIfAvailable();
        DemoCertificateAuthority demoCa = demoCas.getIfAvailable();
        DemoPki pki = pkis.getIfAvailable();
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
            if (mode.production() && !settings.productionProblems().isEmpty()) {
                throw new IllegalStateException("The TSA cannot be used in production mode: "
                        + String.join("; ", settings.productionProblems()));
            }
            TsaTrust trust = TsaTrust.of(
                    settings.trustAnchors(), mode.production() || pki == null ? List.of() : List.of(pki.root()));
            log.info(
                    "Timestamps (B-T and up) come from {}: {} attempts, {} s each; trusted if signed by or under {}",
                    settings.url(),
                    settings.attempts(),
                    settings.timeout().toSeconds(),
                    trust.subjects());
            tsa = new HttpTimestampAuthority(settings, trust, clock);
        }
        var links = new LinkFetcher(fetch, mode.production() ? List.of() : LinkFetcher.LOOPBACK);
        RevocationSource distributionPoints = new CrlDistributionPoints(links);
        return new LongTermValidation(
                tsa, demoCa == null ? distributionPoints : demoCa.revocationSource(distributionPoints));
    }
}
