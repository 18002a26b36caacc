package org.certhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.certhub.mapping.SourceMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mapping's samples: input files in {@code mappings/samples/<source>/} (for example {@code renewal.xlsx}), each
 * with the canonical JSON it must become beside it ({@code renewal.expected.json}: the list of
 * {@link DryRun.Outcome}s, accepted records with their values, rejected ones with their reasons). The build runs
 * every sample, and a mapping edited while the hub runs is only taken when its samples still pass.
 */
public final class MappingSamples {

    static final String EXPECTED = ".expected.json";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .changeDefaultPropertyInclusion(
                    v -> v.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private MappingSamples() {}

    /** A sample whose result differs from what it expects, or that cannot be run. */
    public record Failure(Path sample, String problem) {}

    /** The folder of a source's samples beside the mappings folder. */
    public static Path folder(Path mappingsDir, String source) {
        return mappingsDir.resolve("samples").resolve(source);
    }

    /** Input files in the folder (every file but the expected JSON), sorted. */
    public static List<Path> inputs(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(EXPECTED))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path expectedOf(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return input.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + EXPECTED);
    }

    /** Runs every sample of the mapping; an empty list means all pass. */
    public static List<Failure> check(DryRun dryRun, SourceMapping mapping, Path folder) {
        var failures = new ArrayList<Failure>();
        for (Path input : inputs(folder)) {
            Path expected = expectedOf(input);
            if (!Files.exists(expected)) {
                failures.add(new Failure(input, "missing " + expected.getFileName()));
                continue;
            }
            try {
                JsonNode actual = JSON.valueToTree(run(dryRun, mapping, input));
                JsonNode wanted = JSON.readTree(expected.toFile());
                if (!Objects.equals(actual, wanted)) {
                    failures.add(new Failure(
                            input,
                            "result differs from " + expected.getFileName() + ":\n" + JSON.writeValueAsString(actual)));
                }
            } catch (RuntimeException | IOException e) {
                failures.add(new Failure(input, String.valueOf(e.getMessage())));
            }
        }
        return failures;
    }

    /** What the sample input becomes, as its expected JSON would hold it. */
    public static String render(DryRun dryRun, SourceMapping mapping, Path input) throws IOException {
        return JSON.writeValueAsString(run(dryRun, mapping, input)) + System.lineSeparator();
    }

    private static List<DryRun.Outcome> run(DryRun dryRun, SourceMapping mapping, Path input) throws IOException {
        try (InputStream in = Files.newInputStream(input)) {
            return dryRun.run(mapping, in, null, 10_000);
        }
    }
}
