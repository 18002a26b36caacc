package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.certhub.catalog.Catalogue;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalizer;
import org.junit.jupiter.api.Test;

/** The demo message of the service portal in the docs is a change and a cancellation of the demo's certificates. */
class ServicePortalDemoTests {

    @Test
    void theDemoMessageChangesOneCertificateAndCancelsAnother() throws Exception {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        var mappings = Mappings.load(Path.of("mappings"), catalogue);
        var dryRun =
                new DryRun(new Normalizer(mappings, catalogue), Clock.system(java.time.ZoneId.of("Asia/Shanghai")));
        try (InputStream in = Files.newInputStream(Path.of("docs/samples/service-portal-demo.xml"))) {
            var outcomes = dryRun.run(mappings, "service-portal", in, null, 10);
            assertThat(outcomes).extracting(DryRun.Outcome::operation).containsExactly("change", "cancel");
            assertThat(outcomes)
                    .extracting(DryRun.Outcome::licenceRef)
                    .containsExactly("苏建安C1(2026)0000001", "苏建安A(2026)0000001");
            assertThat(outcomes.get(0).values()).containsEntry("companyName", "江苏建工集团有限公司");
        }
    }
}
