package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import org.certhub.catalog.Catalogue;
import org.certhub.intake.formats.CsvRowReader;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.Normalizer;
import org.junit.jupiter.api.Test;

/** The demo file the README tells newcomers to drop does what the README says. */
class DemoSampleTests {

    @Test
    void theDemoFileHasThreeCertificatesTwoRejectsAndADuplicate() throws Exception {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        var mappings = Mappings.load(Path.of("mappings"), catalogue);
        var mapping = mappings.forSource("exam-system").orElseThrow();
        var normalizer = new Normalizer(mappings, catalogue);
        var accepted = new ArrayList<Normalized.Accepted>();
        var rejected = new ArrayList<Normalized.Rejected>();
        try (var reader = CsvRowReader.open(
                Path.of("docs/samples/exam-system-demo.csv"),
                Charset.forName(mapping.format().encoding()),
                mapping.format().header())) {
            reader.forEachRemaining(row -> {
                Normalized n = normalizer.normalize("exam-system", row.values(), LocalDate.of(2026, 11, 27));
                if (n instanceof Normalized.Accepted a) {
                    accepted.add(a);
                } else {
                    rejected.add((Normalized.Rejected) n);
                }
            });
        }
        assertThat(rejected).hasSize(2);
        assertThat(accepted).hasSize(4);
        assertThat(accepted.stream().map(Normalized.Accepted::businessKey).distinct())
                .hasSize(3);
    }
}
