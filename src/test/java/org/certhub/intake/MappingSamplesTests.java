package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.certhub.catalog.Catalogue;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every mapping's samples become exactly their expected canonical JSON. Run with
 * {@code -Dcerthub.samples.write=true} to (re)write the expected files after a deliberate change, then review the
 * diff.
 */
class MappingSamplesTests {

    private static final Path MAPPINGS = Path.of("mappings");

    @TestFactory
    Stream<DynamicTest> everySampleOfEveryMappingPasses() {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        var mappings = Mappings.load(MAPPINGS, catalogue);
        var dryRun =
                new DryRun(new Normalizer(mappings, catalogue), Clock.system(java.time.ZoneId.of("Asia/Shanghai")));
        boolean write = Boolean.getBoolean("certhub.samples.write");
        return mappings.all().stream().flatMap(m -> {
            Path folder = MappingSamples.folder(MAPPINGS, m.source());
            assertThat(MappingSamples.inputs(folder))
                    .as("samples of " + m.source() + " in " + folder)
                    .isNotEmpty();
            return MappingSamples.inputs(folder).stream()
                    .map(input -> DynamicTest.dynamicTest(m.source() + "/" + input.getFileName(), () -> {
                        if (write) {
                            Files.writeString(
                                    MappingSamples.expectedOf(input), MappingSamples.render(dryRun, m, input));
                        }
                        assertThat(MappingSamples.check(dryRun, m, folder).stream()
                                        .filter(f -> f.sample().equals(input)))
                                .as("sample " + input)
                                .isEmpty();
                    }));
        });
    }
}
