package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A body is read once through SHA-256 into a bounded spool: small ones stay in memory, large ones go to a file that is
 * deleted with the request; the declared length is never allocated.
 */
class RequestBodiesTests {

    private static final int MB = 1024 * 1024;
    private static final long LIMIT = 16L * MB;
    private static final int THRESHOLD = 256 * 1024;

    @TempDir
    Path spool;

    private RequestBodies bodies;

    @BeforeEach
    void bodies() {
        bodies = new RequestBodies(spool, LIMIT, THRESHOLD);
        bodies.clearLeftovers();
    }

    @Test
    void aSmallBodyStaysInMemoryWithItsHash() throws Exception {
        byte[] json = "[{\"trainee\":{\"name\":\"李秀英\"}}]".getBytes(StandardCharsets.UTF_8);
        try (SpooledBody body = bodies.spool(request(json.length, new java.io.ByteArrayInputStream(json)))) {
            assertThat(body.file()).isNull();
            assertThat(body.size()).isEqualTo(json.length);
            assertThat(body.sha256()).isEqualTo(RequestSignature.sha256Hex(json));
            try (InputStream in = body.getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(json);
            }
        }
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void a16MbBodyGoesThroughTheHashIntoAFileWithoutBeingHeldInMemory() throws Exception {
        long size = LIMIT;
        String expectedSha256 = sha256Of(new Generated(size));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        SpooledBody body = bodies.spool(request(size, new Generated(size)));
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        // the old way allocated the declared 16 MB at once (and as much again to hand the bytes on)
        assertThat(allocated).as("bytes allocated while spooling 16 MB").isLessThan(2L * MB);
        assertThat(body.sha256()).isEqualTo(expectedSha256);
        assertThat(body.size()).isEqualTo(size);
        assertThat(body.file()).isNotNull().hasParent(spool);
        assertThat(Files.size(body.file())).isEqualTo(size);
        try (InputStream in = body.getInputStream()) {
            assertThat(sha256Of(in)).isEqualTo(expectedSha256);
        }

        body.close();
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAByteIsRead() {
        var untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        assertThatThrownBy(() -> bodies.spool(request(LIMIT + 1, untouchable)))
                .isInstanceOfSatisfying(RestProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(413);
                    assertThat(p.name()).isEqualTo("body-too-large");
                });
    }

    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheLimitAndItsSpoolFileIsDeleted() {
        var endless = new Generated(Long.MAX_VALUE);
        assertThatThrownBy(() -> bodies.spool(request(-1, endless)))
                .isInstanceOfSatisfying(
                        RestProblem.class, p -> assertThat(p.status().value()).isEqualTo(413));
        assertThat(endless.sent).isLessThanOrEqualTo(LIMIT + 8192);
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void filesLeftByAStoppedHubAreDeletedAtStart() throws Exception {
        Files.writeString(spool.resolve("body-123.spool"), "a body whose request was never answered");
        bodies.clearLeftovers();
        assertThat(spoolFiles()).isEmpty();
    }

    private Stream<Path> spoolFiles() {
        try {
            return Files.list(spool).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A request that declares a length (or none: -1) and whose body comes from the stream. */
    private static HttpServletRequest request(long declared, InputStream body) {
        var request = new MockHttpServletRequest("POST", "/api/v1/sources/training-center/records");
        return new HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return declared;
            }

            @Override
            public int getContentLength() {
                return declared > Integer.MAX_VALUE ? -1 : (int) declared;
            }

            @Override
            public ServletInputStream getInputStream() {
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return body.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return body.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
    }

    /** A body of the given size made as it is read, so that the test itself holds none of it. */
    private static final class Generated extends InputStream {
        private final long size;
        long sent;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (sent >= size) {
                return -1;
            }
            return (int) ('a' + sent++ % 26);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - sent);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ('a' + (sent + i) % 26);
            }
            sent += n;
            return n;
        }
    }

    private static String sha256Of(InputStream in) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
