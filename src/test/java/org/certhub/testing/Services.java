package org.certhub.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Machine services and tools the tests use when present. Absent, a test is skipped with a visible message; under
 * {@code CERTHUB_SERVICES=required} (as in CI) an absent one fails the run instead.
 */
public final class Services {

    private Services() {}

    public static boolean required() {
        return "required".equalsIgnoreCase(System.getenv("CERTHUB_SERVICES"));
    }

    public static void requireTcp(String what, String host, int port) {
        boolean up;
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        require(what + " at " + host + ":" + port, up);
    }

    public static Path requireTool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        require(name + " on PATH", false);
        return null;
    }

    public static void require(String what, boolean present) {
        if (!present) {
            if (required()) {
                throw new AssertionError(what + " is required (CERTHUB_SERVICES=required) but not available");
            }
            System.err.println("SKIPPED: " + what + " is not available; set it up or run .ci/run to include this test");
            assumeTrue(false, what + " is not available");
        }
    }
}
