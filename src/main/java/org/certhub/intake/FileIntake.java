package org.certhub.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.formats.RawRow;
import org.certhub.intake.formats.RecordReader;
import org.certhub.intake.formats.RecordReaders;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.SourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Intake of dropped files, used by the {@code intake-file} route: opens a file as a stream of batches, each batch
 * stored in the raw record store before it is handed on; completes or fails the delivery at the end.
 */
@Component("fileIntake")
public class FileIntake {

    static final String DELIVERY = "certhubDelivery";
    static final String ALREADY_DONE = "certhubDeliveryAlreadyDone";
    /** A fault met part-way through the file, raised once the rows before it have been processed. */
    static final String FAULT = "certhubFileFault";

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);

    private final RawRecordStore store;
    private final Mappings mappings;
    private final int batchSize;
    private final DataSize maxFileSize;
    private final int maxRowChars;
    private final Timer storeTimer;

    FileIntake(RawRecordStore store, Mappings mappings, IntakeSettings settings, MeterRegistry meters) {
        this.store = store;
        this.mappings = mappings;
        this.batchSize = settings.batchSize();
        this.maxFileSize = settings.maxFileSize();
        this.maxRowChars = settings.maxRowLength();
        this.storeTimer = Timer.builder("certhub.intake.store")
                .description("reading and storing a batch of raw rows")
                .register(meters);
    }

    /** Opens the file in the exchange for its source; the body becomes an iterator of stored batches. */
    public Iterator<List<RawRecord>> open(Exchange exchange) throws IOException {
        String source = exchange.getIn().getHeader("certhubSource", String.class);
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        SourceMapping mapping = mappings.forSource(source)
                .orElseThrow(() -> new RejectedFileException("来源 " + source + " 没有映射文件 (no mapping for source)"));
        long size = Files.size(file);
        if (size > maxFileSize.toBytes()) {
            // refused before a byte is read: a file this size is a mistake or an attack, never a delivery
            throw new RejectedFileException("文件大小 " + size + " 字节，超过上限 " + maxFileSize.toMegabytes()
                    + " MB (the file is larger than certhub.intake.max-file-size)");
        }
        String sha256 = sha256(file);
        exchange.setProperty("certhubFileSha256", sha256);
        RecordReader reader = RecordReaders.open(file, mapping.format(), maxRowChars);
        Delivery delivery;
        try {
            delivery = store.openFileDelivery(
                    source, name, sha256, Files.getLastModifiedTime(file).toInstant());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        if (delivery.alreadyDone()) {
            // the hub died after finishing this very file and before moving it: nothing to read again
            reader.close();
            exchange.setProperty(DELIVERY, delivery.id());
            exchange.setProperty(ALREADY_DONE, true);
            log.info(
                    "File {} of {} was fully ingested as delivery {} before a restart; moving it",
                    name,
                    source,
                    delivery.id());
            return java.util.Collections.emptyIterator();
        }
        exchange.setProperty(DELIVERY, delivery.id());
        log.info(
                "Intake of {} from {} as delivery {} ({}{})",
                name,
                source,
                delivery.id(),
                reader.charset() == null
                        ? mapping.format().kind()
                        : reader.charset().name(),
                delivery.lastStoredRow() > 0 ? ", resuming after row " + delivery.lastStoredRow() : "");
        return new StoredBatches(reader, delivery, exchange);
    }

    /** Marks the delivery of the exchange done, or raises the fault that ended its reading early. */
    public void complete(Exchange exchange) {
        RejectedFileException fault = exchange.getProperty(FAULT, RejectedFileException.class);
        if (fault != null) {
            throw fault;
        }
        Long delivery = exchange.getProperty(DELIVERY, Long.class);
        if (delivery != null && exchange.getProperty(ALREADY_DONE, false, Boolean.class)) {
            return;
        }
        if (delivery != null) {
            store.completeDelivery(delivery);
        }
    }

    /**
     * Records why the file failed, writes {@code <name>.error.txt} beside where the file goes, and rethrows so that
     * the file is moved to the failed folder.
     */
    public void fail(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // A database error can quote a row's values: mask anything shaped like a citizen ID number.
        String reason =
                cause == null ? "unknown error" : CitizenIdNumber.maskWithin(String.valueOf(cause.getMessage()));
        Long delivery = exchange.getProperty(DELIVERY, Long.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (delivery != null) {
            store.failDelivery(delivery, reason);
        } else {
            store.recordFailedFile(
                    exchange.getIn().getHeader("certhubSource", String.class),
                    name,
                    exchange.getProperty("certhubFileSha256", String.class),
                    reason);
        }
        Path folder = Path.of(exchange.getIn().getHeader(Exchange.FILE_PARENT, String.class))
                .resolve("failed");
        Files.createDirectories(folder);
        String archived = exchange.getIn().getHeader("certhubArchiveName", name, String.class);
        Files.writeString(
                folder.resolve(archived + ".error.txt"), reason + System.lineSeparator(), StandardCharsets.UTF_8);
        log.warn("File {} failed: {}", name, reason);
        // the masked reason only, without the cause: Camel logs what is thrown here
        throw new RejectedFileException(reason);
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
        private final Delivery delivery;
        private final Exchange exchange;
        private boolean faulted;

        StoredBatches(RecordReader reader, Delivery delivery, Exchange exchange) {
            this.reader = reader;
            this.delivery = delivery;
            this.exchange = exchange;
        }

        @Override
        public boolean hasNext() {
            // after a fault the batches end: the split processes the last one, then complete() raises the fault
            return !faulted && reader.hasNext();
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
                faulted = true;
                exchange.setProperty(FAULT, e);
            }
            return storeTimer.record(() -> store.store(delivery, rows));
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
