package org.certhub.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit is offered once the folder has been quiet for the quiet period, and once only. */
class FolderWatchTests {

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private FolderWatch watch;

    @BeforeEach
    void watch() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "a: 1");
        watch = new FolderWatch(dir, RouteReloader::isRouteFile, Duration.ofSeconds(1), clock);
    }

    @Test
    void nothingIsOfferedWhileTheFolderIsAsItWas() {
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.poll()).isEmpty();
    }

    @Test
    void anEditIsOfferedAfterTheQuietPeriodAndNotAgainOnceHandled() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "a: 2");
        assertThat(watch.poll()).as("just changed").isEmpty();
        clock.advance(Duration.ofMillis(500));
        // the editor writes again: the quiet period starts over
        Files.writeString(dir.resolve("a.yaml"), "a: 3");
        assertThat(watch.poll()).isEmpty();
        clock.advance(Duration.ofMillis(800));
        assertThat(watch.poll()).as("not quiet long enough").isEmpty();
        clock.advance(Duration.ofMillis(300));
        var content = watch.poll().orElseThrow();
        assertThat(content).containsOnlyKeys("a.yaml");
        assertThat(content.get("a.yaml")).isEqualTo(org.certhub.platform.Sha256.hex("a: 3".getBytes()));

        assertThat(watch.poll()).as("offered until handled").contains(content);
        watch.handled(content);
        clock.advance(Duration.ofSeconds(5));
        assertThat(watch.poll()).isEmpty();
    }

    @Test
    void newAndDeletedFilesCountButEditorLeftoversDoNot() throws IOException {
        Files.writeString(dir.resolve(".a.yaml.swp"), "x");
        Files.writeString(dir.resolve("a.yaml~"), "x");
        watch.poll();
        clock.advance(Duration.ofSeconds(2));
        assertThat(watch.poll()).isEmpty();

        Files.writeString(dir.resolve("b.yaml"), "b: 1");
        Files.delete(dir.resolve("a.yaml"));
        watch.poll();
        clock.advance(Duration.ofSeconds(2));
        assertThat(watch.poll().orElseThrow()).containsOnlyKeys("b.yaml");
    }

    @Test
    void mappingSamplesAreWatchedBesideTheMappings() {
        assertThat(MappingReloader.isMappingFile("exam-system.yaml")).isTrue();
        assertThat(MappingReloader.isMappingFile("samples/exam-system/demo.csv"))
                .isTrue();
        assertThat(MappingReloader.isMappingFile("samples/exam-system/.demo.csv.swp"))
                .isFalse();
        assertThat(MappingReloader.isMappingFile("notes.txt")).isFalse();
    }
}
