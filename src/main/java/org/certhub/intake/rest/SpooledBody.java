package org.certhub.intake.rest;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.InputStreamSource;

/**
 * A request body read once, with its SHA-256: in memory when it is small, else in a file of the spool folder that
 * {@link #close()} deletes. It can be read as often as needed while its request lasts.
 */
final class SpooledBody implements InputStreamSource, Closeable {

    private final byte[] memory;
    private final Path file;
    private final long size;
    private final String sha256;

    private SpooledBody(byte[] memory, Path file, long size, String sha256) {
        this.memory = memory;
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    static SpooledBody inMemory(byte[] body, String sha256) {
        return new SpooledBody(body, null, body.length, sha256);
    }

    static SpooledBody inFile(Path file, long size, String sha256) {
        return new SpooledBody(null, file, size, sha256);
    }

    /** The body's bytes from the start. */
    @Override
    public InputStream getInputStream() throws IOException {
        return file == null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    long size() {
        return size;
    }

    /** The lower-case hex SHA-256 of the body, computed as it was read. */
    String sha256() {
        return sha256;
    }

    /** The spool file, or null when the body is in memory. */
    Path file() {
        return file;
    }

    /** Deletes the spool file, if any. */
    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
