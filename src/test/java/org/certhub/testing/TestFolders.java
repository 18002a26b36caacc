package org.certhub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Folders a test hub reads, made from the shipped ones. */
public final class TestFolders {

    private TestFolders() {}

    /** Copies the {@code .yaml} files of one folder (mappings, routes, catalogue) into another. */
    public static void copyYaml(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
