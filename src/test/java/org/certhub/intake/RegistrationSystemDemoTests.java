package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.certhub.catalog.Catalogue;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalizer;
import org.junit.jupiter.api.Test;

/**
 * The demo messages the integrator's guide sends with kafka-console-producer (one message per line) do what the guide
 * says: two registrations, an added specialty, and one reject for an unknown specialty.
 */
class RegistrationSystemDemoTests {

    @Test
    void eachLineIsOneMessageThatTheMappingReads() throws Exception {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        var mappings = Mappings.load(Path.of("mappings"), catalogue);
        var dryRun = new DryRun(
                new Normalizer(mappings, catalogue),
                Clock.fixed(
                        LocalDate.of(2026, 11, 27)
                                .atStartOfDay(ZoneId.of("Asia/Shanghai"))
                                .toInstant(),
                        ZoneId.of("Asia/Shanghai")));
        var outcomes = Files.readAllLines(Path.of("docs/samples/registration-system-demo.json")).stream()
                .map(line -> dryRun.run(
                        mappings,
                        "registration-system",
                        new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
                        null,
                        10))
                .toList();
        assertThat(outcomes).allSatisfy(o -> assertThat(o).hasSize(1));
        assertThat(outcomes).extracting(o -> o.get(0).operation()).containsExactly("new", "new", null, "change");
        assertThat(outcomes.get(2).get(0).rejected()).extracting(r -> r.rule()).containsExactly("code-table");
    }
}
