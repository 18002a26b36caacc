package org.certhub.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.certhub.platform.Sha256;

/**
 * Tells when a folder's content changed and then stayed unchanged for a quiet period. It compares the content hash of
 * every file on each scan rather than relying on file-system events or modification times, which network and
 * container file systems report late, coarsely or not at all.
 */
final class FolderWatch {

    private final Path dir;
    private final Predicate<String> include;
    private final Duration quietPeriod;
    private final Clock clock;
    private Map<String, String> lastSeen;
    private Instant lastChange;
    private Map<String, String> handled;

    /**
     * @param include which files count, by their path relative to the folder with {@code /} separators
     */
    FolderWatch(Path dir, Predicate<String> include, Duration quietPeriod, Clock clock) {
        this.dir = dir;
        this.include = include;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
        this.lastSeen = snapshot();
        this.lastChange = clock.instant();
        this.handled = lastSeen;
    }

    /** The files as they are now: relative path to the SHA-256 of the content. */
    Map<String, String> snapshot() {
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir, 4)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), "/");
                if (include.test(name)) {
                    String hash = hash(file);
                    if (hash != null) {
                        files.put(name, hash);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }

    /**
     * The folder's content when it differs from what was last {@linkplain #handled handled} and has not changed for
     * the quiet period; empty otherwise.
     */
    Optional<Map<String, String>> poll() {
        Map<String, String> now = snapshot();
        if (!now.equals(lastSeen)) {
            lastSeen = now;
            lastChange = clock.instant();
            return Optional.empty();
        }
        if (now.equals(handled) || clock.instant().isBefore(lastChange.plus(quietPeriod))) {
            return Optional.empty();
        }
        return Optional.of(now);
    }

    /** The content was dealt with (taken or refused): it is not offered again until the folder changes. */
    void handled(Map<String, String> content) {
        this.handled = content;
    }

    /** The content of one file, as {@link #snapshot} saw it or newer. */
    String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private static String hash(Path file) throws IOException {
        try {
            return Sha256.hex(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            // deleted between listing and reading: it is gone
            return null;
        }
    }
}
