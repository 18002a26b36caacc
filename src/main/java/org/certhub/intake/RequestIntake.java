package org.certhub.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.formats.RawRow;
import org.certhub.intake.formats.RecordReader;
import org.certhub.intake.formats.RecordReaders;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.RejectReason;
import org.certhub.mapping.SourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake of a request body pushed by a source (the REST channel), used by the {@code rest-channel} route: the body is
 * read whole with the source's mapping format and every record is stored in one transaction ({@link #store}); the
 * route processes them at once through {@code direct:process-records} as a file's batches are; then the caller learns
 * what became of each record ({@link #answer}).
 */
@Component
public class RequestIntake {

    /** The delivery channel recorded for pushed requests. */
    public static final String CHANNEL = "rest";

    private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

    private final RawRecordStore store;
    private final Mappings mappings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Timer storeTimer;

    RequestIntake(
            RawRecordStore store,
            Mappings mappings,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            IntakeSettings settings,
            MeterRegistry meters) {
        this.store = store;
        this.mappings = mappings;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.batchSize = settings.batchSize();
        this.storeTimer = Timer.builder("certhub.rest.store")
                .description("reading and storing a pushed request's records")
                .register(meters);
    }

    /**
     * What became of one record of the request.
     *
     * @param row    its position: the line as a spreadsheet shows it for CSV (the header is row 1), the record's
     *               index from 1 for JSON and XML
     * @param status {@code issued} (a licence or a new version of one), {@code applied} (a status change),
     *               {@code duplicate} (its business key was issued before), {@code rejected} (see the reasons) or
     *               {@code received} (stored, to be processed by the sweeper after an internal error)
     */
    public record RecordResult(
            int row,
            long recordId,
            String status,
            String licenceNumber,
            String licenceIdentifier,
            List<RejectReason> reasons) {

        public boolean accepted() {
            return !status.equals("rejected") && !status.equals("received");
        }
    }

    /**
     * The delivery a request became and what became of each of its records, in row order.
     *
     * @param unreadable why the body could not be read with the source's format (the delivery is recorded as failed
     *                   and nothing is stored); null when it was read
     */
    public record Received(long deliveryId, List<RecordResult> records, String unreadable) {}

    /**
     * A body pushed by a source, as the REST channel's controller hands it to the {@code rest-channel} route.
     *
     * @param body           the body's bytes as sent, readable as often as needed while the request lasts (the REST
     *                       channel spools a large body to a file, never holding it whole in memory)
     * @param bodySha256     the lower-case hex SHA-256 of the body
     * @param charset        for CSV, the character set the request declared, or null for the mapping's
     * @param idempotencyKey the sender's key for this request, or null; with a key, each record is stored with an
     *                       origin key made of the key, the body's hash and its row, so that a request retried after
     *                       a crash stores nothing twice and answers for the records stored the first time
     * @param requestId      names the delivery when there is no idempotency key
     * @param origin         who sent it, for people (the key id and address)
     */
    public record PushedRequest(
            String source,
            InputStreamSource body,
            String bodySha256,
            Charset charset,
            String idempotencyKey,
            String requestId,
            String origin) {}

    /**
     * A request whose records are all in the raw record store: the records to process, in batches, and the delivery
     * to complete and answer for.
     */
    public record StoredRequest(
            String source, String name, long deliveryId, List<RawRecord> records, int batchSize, String unreadable) {

        /** The records in batches of {@code certhub.intake.batch-size}, as a file's are processed. */
        public List<List<RawRecord>> batches() {
            var batches = new ArrayList<List<RawRecord>>();
            for (int from = 0; from < records.size(); from += batchSize) {
                batches.add(List.copyOf(records.subList(from, Math.min(records.size(), from + batchSize))));
            }
            return batches;
        }
    }

    /**
     * Reads a pushed body and stores every record in one transaction; the {@code rest-channel} route then processes
     * them and asks for the {@link #answer}. A body that cannot be read with the source's format is recorded as a
     * failed delivery and gives a stored request without records that says why.
     */
    public StoredRequest store(PushedRequest request) {
        String source = request.source();
        SourceMapping mapping = mappings.forSource(source)
                .orElseThrow(() -> new IllegalArgumentException("no mapping for source " + source));
        String name = request.idempotencyKey() != null ? request.idempotencyKey() : request.requestId();
        // a short hash of the body: the same key with another body must not match the first body's records
        String keyPrefix = request.idempotencyKey() == null
                ? null
                : "rest:" + request.bodySha256().substring(0, 16) + ":" + request.idempotencyKey() + "#";
        long started = System.nanoTime();
        List<RawRow> rows;
        try {
            rows = read(mapping, request.body(), request.charset(), keyPrefix);
        } catch (RejectedFileException | IOException e) {
            String reason = CitizenIdNumber.maskWithin(String.valueOf(e.getMessage()));
            Delivery failed = store.openDelivery(source, CHANNEL, name, request.origin());
            store.failDelivery(failed.id(), reason);
            log.warn("Unreadable request {} from {} ({}): {}", name, source, request.origin(), reason);
            return new StoredRequest(source, name, failed.id(), List.of(), batchSize, reason);
        }

        var stored = transaction.execute(s -> {
            Delivery delivery = store.openDelivery(source, CHANNEL, name, request.origin());
            var records = new ArrayList<RawRecord>(rows.size());
            for (int from = 0; from < rows.size(); from += batchSize) {
                records.addAll(store.store(delivery, rows.subList(from, Math.min(rows.size(), from + batchSize))));
            }
            return new Stored(delivery.id(), records);
        });
        storeTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        var records = new ArrayList<>(stored.records());
        if (keyPrefix != null && records.size() < rows.size()) {
            // the same request was stored before and the hub stopped before it answered: take those records too
            records.addAll(storedBefore(source, rows, stored.records()));
        }
        return new StoredRequest(source, name, stored.deliveryId(), List.copyOf(records), batchSize, null);
    }

    /**
     * A batch of a request could not be processed (the database or the broker failed): its records stay stored as
     * received, the stalled-work sweeper processes them later, and the answer says {@code received} for them.
     */
    public void processingFailed(List<RawRecord> batch, Exception cause) {
        log.error(
                "Processing {} records of a request failed; the sweeper will re-drive them: {}",
                batch.size(),
                CitizenIdNumber.maskWithin(String.valueOf(cause == null ? null : cause.getMessage())));
    }

    /** Completes the request's delivery and says what became of each of its records, in row order. */
    public Received answer(StoredRequest request) {
        if (request.unreadable() != null) {
            return new Received(request.deliveryId(), List.of(), request.unreadable());
        }
        store.completeDelivery(request.deliveryId());
        return new Received(request.deliveryId(), results(request.records()), null);
    }

    private record Stored(long deliveryId, List<RawRecord> records) {}

    private static List<RawRow> read(SourceMapping mapping, InputStreamSource body, Charset charset, String keyPrefix)
            throws IOException {
        var rows = new ArrayList<RawRow>();
        try (InputStream in = body.getInputStream();
                RecordReader reader = RecordReaders.open(in, mapping.format(), charset)) {
            while (reader.hasNext()) {
                RawRow r = reader.next();
                rows.add(keyPrefix == null ? r : new RawRow(r.rowNo(), r.values(), null, keyPrefix + r.rowNo()));
            }
        }
        if (rows.isEmpty()) {
            throw new RejectedFileException("请求中没有记录 (the request holds no record)");
        }
        return rows;
    }

    private List<RawRecord> storedBefore(String source, List<RawRow> rows, List<RawRecord> storedNow) {
        var now = new java.util.HashSet<Integer>();
        storedNow.forEach(r -> now.add(r.rowNo()));
        var keys = rows.stream()
                .filter(r -> !now.contains(r.rowNo()))
                .map(RawRow::originKey)
                .toList();
        var earlier = new ArrayList<RawRecord>();
        for (int from = 0; from < keys.size(); from += 1000) {
            jdbc.sql("select id from raw_record where source_id = :source and origin_key in (:keys)")
                    .param("source", source)
                    .param("keys", keys.subList(from, Math.min(keys.size(), from + 1000)))
                    .query(Long.class)
                    .list()
                    .forEach(id -> store.find(id).ifPresent(earlier::add));
        }
        return earlier;
    }

    private List<RecordResult> results(List<RawRecord> records) {
        var ids = records.stream().map(RawRecord::id).toList();
        var byId = new HashMap<Long, RecordResult>();
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql("""
                    select r.id, r.row_no, r.status, r.licence_version_id, l.number,
                           coalesce(v.identifier, c.identifier)
                    from raw_record r
                    left join licence l on l.id = r.licence_id
                    left join licence_version v on v.id = r.licence_version_id
                    left join licence_version c on c.licence_id = l.id and c.version = l.current_version
                    where r.id in (:ids)""")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .query((rs, n) -> {
                        long id = rs.getLong(1);
                        String status = status(RecordStatus.valueOf(rs.getString(3)), rs.getObject(4) != null);
                        return new RecordResult(
                                rs.getInt(2),
                                id,
                                status,
                                rs.getString(5),
                                rs.getString(6),
                                status.equals("rejected") ? store.reasons(id) : null);
                    })
                    .list()
                    .forEach(r -> byId.put(r.recordId(), r));
        }
        return records.stream()
                .map(r -> byId.get(r.id()))
                .sorted(java.util.Comparator.comparingInt(RecordResult::row))
                .toList();
    }

    private static String status(RecordStatus status, boolean madeVersion) {
        return switch (status) {
            case ISSUED -> madeVersion ? "issued" : "applied";
            case DUPLICATE -> "duplicate";
            case REJECTED -> "rejected";
            default -> "received";
        };
    }

    /** How many records of each status a result holds, for the response summary. */
    public static Map<String, Integer> countByStatus(List<RecordResult> results) {
        var counts = new java.util.TreeMap<String, Integer>();
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }
}
