package org.certhub.intake.rest;

import jakarta.annotation.PostConstruct;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.certhub.platform.CerthubPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads request bodies of the channel once, through SHA-256, into a bounded spool: memory up to
 * {@code certhub.rest.spool-threshold}, then a file under {@code <data>/spool/rest}. Nothing is allocated from the
 * length a request declares: a declared length over {@code certhub.rest.max-body-bytes} is refused before a byte is
 * read, and a body without one (chunked) as soon as it passes the limit.
 */
@Component
class RequestBodies {

    /** The request attribute that holds the spooled body once the signature filter has read it. */
    static final String BODY = RequestBodies.class.getName() + ".body";

    private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);
    private static final int BUFFER = 8192;

    private final Path folder;
    private final long limit;
    private final int threshold;

    @Autowired
    RequestBodies(RestChannelSettings settings, CerthubPaths paths) {
        this(
                paths.data().resolve("spool").resolve("rest"),
                settings.maxBodyBytes().toBytes(),
                (int) settings.spoolThreshold().toBytes());
    }

    RequestBodies(Path folder, long limit, int threshold) {
        this.folder = folder;
        this.limit = limit;
        this.threshold = threshold;
    }

    /** Deletes the spool files a stopped hub left behind: their requests were never answered. */
    @PostConstruct
    void clearLeftovers() {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the REST spool folder " + folder, e);
        }
    }

    /** The body the signature filter spooled for this request, or null. */
    static SpooledBody spooled(HttpServletRequest request) {
        return request.getAttribute(BODY) instanceof SpooledBody body ? body : null;
    }

    /** Reads the request's body into the spool; the caller closes it when the request ends. */
    SpooledBody spool(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            return spool(in);
        }
    }

    SpooledBody spool(InputStream in) throws IOException {
        MessageDigest sha256 = sha256();
        var memory = new ByteArrayOutputStream(Math.min(threshold, BUFFER));
        Path file = null;
        OutputStream out = memory;
        long total = 0;
        try {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                sha256.update(buffer, 0, n);
                if (file == null && total > threshold) {
                    file = Files.createTempFile(folder, "body-", ".spool");
                    out = Files.newOutputStream(file);
                    memory.writeTo(out);
                    memory = null;
                }
                out.write(buffer, 0, n);
            }
            String hash = HexFormat.of().formatHex(sha256.digest());
            if (file == null) {
                return SpooledBody.inMemory(memory.toByteArray(), hash);
            }
            out.close();
            return SpooledBody.inFile(file, total, hash);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                out.close();
                Files.deleteIfExists(file);
                log.debug("Deleted the spool file of a body that could not be read whole: {}", e.toString());
            }
            throw e;
        }
    }

    static RestProblem tooLarge(long limit) {
        return new RestProblem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        "请求体过大 (request body too large)",
                        "请求体超过 " + limit + " 字节的上限，请分批推送 (the body exceeds the limit of " + limit
                                + " bytes; push smaller batches)")
                .with("maxBodyBytes", limit);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
