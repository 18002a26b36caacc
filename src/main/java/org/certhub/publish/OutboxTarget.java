package org.certhub.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.DurableFiles;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo target: writes {@code <identifier>.pdf}, {@code <identifier>.ofd} when the type issues one, and {@code <identifier>.json} (the GB/T 36903 metadata) into the
 * outbox folder; the acknowledgement names the files.
 */
final class OutboxTarget implements PublicationTarget {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path outbox;

    OutboxTarget(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public String id() {
        return "outbox";
    }

    @Override
    public String publish(LicenceVersionView version, byte[] sealedPdf, byte[] sealedOfd, Map<String, Object> metadata)
            throws IOException {
        Files.createDirectories(outbox);
        // The JSON goes last: a consumer that sees it can rely on the files being complete.
        writeAtomically(outbox.resolve(version.identifier() + ".pdf"), sealedPdf);
        if (sealedOfd != null) {
            writeAtomically(outbox.resolve(version.identifier() + ".ofd"), sealedOfd);
        }
        writeAtomically(
                outbox.resolve(version.identifier() + ".json"),
                JSON.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8));
        return "outbox:" + version.identifier();
    }

    /** Writes {@code <identifier>.status-<event>.json}. */
    @Override
    public String publishStatus(LicenceVersionView current, long eventId, Map<String, Object> notice)
            throws IOException {
        Files.createDirectories(outbox);
        String name = current.identifier() + ".status-" + eventId + ".json";
        writeAtomically(outbox.resolve(name), JSON.writeValueAsString(notice).getBytes(StandardCharsets.UTF_8));
        return "outbox:" + name;
    }

    /** Forced to disk before the acknowledgement is recorded: the outbox stands for a target that keeps it. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        DurableFiles.write(target, bytes);
    }
}
