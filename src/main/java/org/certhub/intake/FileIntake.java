package org.certhub.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.formats.RawRow;
import org.certhub.intake.formats.RecordReader;
import org.certhub.intake.formats.RecordReaders;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.SourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.unit.DataSize;

/**
 * Intake of dropped files, used by the {@code intake-file} route: takes a dropped file as a {@link DroppedFile} (the
 * route's body from then on), opens it as a stream of batches, each batch stored in the raw record store before it
 * is handed on, and completes or fails its delivery at the end.
 */
@Component("fileIntake")
public class FileIntake {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    /**
     * The header that says where a file goes when its intake fails ({@code moveFailed} of the file-drop template):
     * {@code failed/<archived name>}, or {@code .retry/<name>} when the failure was an outage.
     */
    public static final String FAILED_TO = "certhubFailedTo";

    /**
     * How often in a row a file is retried for a lost database connection while the database answers again when
     * asked: a connection lost for a moment is an outage too, but one that never ends with the database up is not.
     */
    static final int RETRIES_WHILE_UP = 3;

    private final RawRecordStore store;
    private final Mappings mappings;
    private final int batchSize;
    private final DataSize maxFileSize;
    private final int maxRowChars;
    private final Timer storeTimer;
    private final IntakeGate gate;
    private final Map<Path, Integer> retriesWhileUp = new ConcurrentHashMap<>();

    FileIntake(
            RawRecordStore store, Mappings mappings, IntakeSettings settings, MeterRegistry meters, IntakeGate gate) {
        this.store = store;
        this.mappings = mappings;
        this.gate = gate;
        this.batchSize = settings.batchSize();
        this.maxFileSize = settings.maxFileSize();
        this.maxRowChars = settings.maxRowLength();
        this.storeTimer = Timer.builder("certhub.intake.store")
                .description("reading and storing a batch of raw rows")
                .register(meters);
    }

    /**
     * The file a source route hands over: its source ({@code certhubSource}), where it lies, and the name it gets in
     * {@code done/} or {@code failed/} ({@code certhubArchiveName}; its own name when the route sets none).
     */
    public DroppedFile receive(
            @Header("certhubSource") String source,
            @Header(Exchange.FILE_PATH) String path,
            @Header("certhubArchiveName") String archivedName,
            @Header("certhubAccepts") String accepts) {
        return new DroppedFile(source, Path.of(path), archivedName, accepts);
    }

    /** Opens the file for its source's mapping; its batches are then ready to be read. */
    public void open(DroppedFile file) throws IOException {
        String source = file.source();
        String name = file.name();
        if (!Files.isRegularFile(file.path(), LinkOption.NOFOLLOW_LINKS)) {
            // a link to a file the hub may read (a key's password file) must not become a delivery, nor its content
            // a reason
            throw new RejectedFileException(
                    "不是普通文件，不予读取 (not a regular file: symbolic links, devices and pipes " + "are never read)");
        }
        if (file.accepts() != null && !name.matches(file.accepts())) {
            throw new RejectedFileException("来源 " + source + " 不接收此文件，只接收文件名符合 " + file.accepts() + " 的文件 (source "
                    + source + " takes only files whose names match " + file.accepts() + ")");
        }
        SourceMapping mapping = mappings.forSource(source)
                .orElseThrow(() -> new RejectedFileException("来源 " + source + " 没有映射文件 (no mapping for source)"));
        long size = Files.size(file.path());
        if (size > maxFileSize.toBytes()) {
            // refused before a byte is read: a file this size is a mistake or an attack, never a delivery
            throw new RejectedFileException("文件大小 " + size + " 字节，超过上限 " + maxFileSize.toMegabytes()
                    + " MB (the file is larger than certhub.intake.max-file-size)");
        }
        file.hashed(sha256(file.path()));
        RecordReader reader = RecordReaders.open(file.path(), mapping.format(), maxRowChars);
        Delivery delivery;
        try {
            delivery = store.openFileDelivery(
                    source,
                    name,
                    file.sha256(),
                    Files.getLastModifiedTime(file.path()).toInstant());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        if (delivery.alreadyDone()) {
            // the hub died after finishing this very file and before moving it: nothing to read again
            reader.close();
            file.opened(delivery, Collections.emptyIterator());
            log.info(
                    "File {} of {} was fully ingested as delivery {} before a restart; moving it",
                    name,
                    source,
                    delivery.id());
            return;
        }
        log.info(
                "Intake of {} from {} as delivery {} ({}{})",
                name,
                source,
                delivery.id(),
                reader.charset() == null
                        ? mapping.format().kind()
                        : reader.charset().name(),
                delivery.lastStoredRow() > 0 ? ", resuming after row " + delivery.lastStoredRow() : "");
        file.opened(delivery, new StoredBatches(reader, file, delivery));
    }

    /** Marks the file's delivery done, or raises the fault that ended its reading early. */
    public void complete(DroppedFile file) {
        if (file.fault() != null) {
            throw file.fault();
        }
        Delivery delivery = file.delivery();
        if (delivery != null && !delivery.alreadyDone()) {
            store.completeDelivery(delivery.id());
        }
        retriesWhileUp.remove(file.path());
    }

    /**
     * Records why the file failed, writes {@code <name>.error.txt} beside where the file goes, and rethrows so that
     * the file is moved to the failed folder.
     *
     * @param cause what the route caught: a refusal on opening, a fault part-way, or an error in the pipeline
     */
    public void fail(DroppedFile file, Exception cause) throws IOException {
        fail(file, cause, null);
    }

    /**
     * As {@link #fail(DroppedFile, Exception)}, but a failure that is an outage of the database or the disk (the
     * {@link IntakeGate} closes, or the database connection was lost) is not the file's fault: nothing is recorded
     * (the database may not answer), and the file moves to its inbox's {@value IntakeGate#RETRY_FOLDER} folder
     * ({@link #FAILED_TO}), from where the gate returns it once the outage is over.
     *
     * @param headers the exchange's headers; a route that sets no {@link #FAILED_TO} has no retry folder
     */
    public void fail(DroppedFile file, Exception cause, Map<String, Object> headers) throws IOException {
        String outage = headers != null && headers.containsKey(FAILED_TO) ? outage(file, cause) : null;
        if (outage != null) {
            headers.put(FAILED_TO, IntakeGate.RETRY_FOLDER + "/" + file.name());
            log.warn(
                    "File {} of {} waits in {} until intake is open again, then is read on after the rows it "
                            + "stored: {}",
                    file.name(),
                    file.source(),
                    IntakeGate.RETRY_FOLDER,
                    outage);
            throw new RejectedFileException("intake paused (" + outage + "): the file waits in "
                    + IntakeGate.RETRY_FOLDER + " to be taken again");
        }
        retriesWhileUp.remove(file.path());
        // A database error can quote a row's values: mask anything shaped like a citizen ID number.
        String reason =
                cause == null ? "unknown error" : CitizenIdNumber.maskWithin(String.valueOf(cause.getMessage()));
        if (file.delivery() != null) {
            store.failDelivery(file.delivery().id(), reason);
        } else {
            store.recordFailedFile(file.source(), file.name(), file.sha256(), reason);
        }
        Path folder = file.path().toAbsolutePath().getParent().resolve("failed");
        Files.createDirectories(folder);
        Files.writeString(
                folder.resolve(file.archivedName() + ".error.txt"),
                reason + System.lineSeparator(),
                StandardCharsets.UTF_8);
        log.warn("File {} failed: {}", file.name(), reason);
        // the masked reason only, without the cause: Camel logs what is thrown here
        throw new RejectedFileException(reason);
    }

    /** Why the failure is an outage rather than the file's fault, or null when it is the file's. */
    private String outage(DroppedFile file, Exception cause) {
        String closed = gate.recheck();
        if (closed != null) {
            return closed;
        }
        if (connectionLost(cause) && retriesWhileUp.merge(file.path(), 1, Integer::sum) <= RETRIES_WHILE_UP) {
            return "the connection to the database or the broker was lost: "
                    + cause.getClass().getSimpleName();
        }
        return null;
    }

    /** Whether the failure, or one of its causes, is a lost or refused connection to the database or the broker. */
    static boolean connectionLost(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))
                    || brokerConnectionLost(t)) {
                return true;
            }
            // a rollback that failed on the lost connection hides the failure that caused it
            if (t instanceof org.springframework.transaction.TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && rollback.getApplicationException() != t
                    && connectionLost(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    private static boolean brokerConnectionLost(Throwable t) {
        if (t instanceof org.apache.activemq.artemis.api.core.ActiveMQException artemis) {
            return switch (artemis.getType()) {
                case NOT_CONNECTED, DISCONNECTED, UNBLOCKED, CONNECTION_TIMEDOUT, OBJECT_CLOSED -> true;
                default -> false;
            };
        }
        // a session or producer closed under the sender when its connection failed
        return t instanceof jakarta.jms.IllegalStateException;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the file batch by batch; each batch is stored before it is returned. When the file turns out unreadable
     * part-way, the rows read before the fault are stored (and processed) first, then the fault is raised.
     */
    private final class StoredBatches implements Iterator<List<RawRecord>>, Closeable {

        private final RecordReader reader;
        private final DroppedFile file;
        private final Delivery delivery;

        StoredBatches(RecordReader reader, DroppedFile file, Delivery delivery) {
            this.reader = reader;
            this.file = file;
            this.delivery = delivery;
        }

        @Override
        public boolean hasNext() {
            // after a fault the batches end: the split processes the last one, then complete() raises the fault
            return file.fault() == null && reader.hasNext();
        }

        @Override
        public List<RawRecord> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            var rows = new ArrayList<RawRow>(batchSize);
            try {
                while (rows.size() < batchSize && reader.hasNext()) {
                    RawRow row = reader.next();
                    // Batches are committed in file order, so a resumed delivery's stored rows are a prefix.
                    if (row.rowNo() > delivery.lastStoredRow()) {
                        rows.add(row);
                    }
                }
            } catch (RejectedFileException e) {
                if (rows.isEmpty()) {
                    throw e;
                }
                file.faulted(e);
            }
            return storeTimer.record(() -> store.store(delivery, rows));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
