package org.certhub.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake for channels other than files: a message (Kafka, JMS) or a polled row arrives, is read with its source's
 * mapping format and stored before anything else. A message that cannot be read at all is stored as it came and
 * rejected at once with the reason, so that a poison message neither blocks its partition nor disappears.
 */
@Component("recordIntake")
public class RecordIntake {

    /** Exchange headers a channel route sets before handing a message here. */
    public static final String SOURCE = "certhubSource";

    public static final String CHANNEL = "certhubChannel";
    public static final String ORIGIN = "certhubOrigin";
    public static final String ORIGIN_KEY = "certhubOriginKey";

    /** The payload key under which an unreadable message is kept, as text. */
    static final String UNREADABLE = "_raw";

    private static final int KEEP_AT_MOST = 1 << 20;
    private static final java.util.regex.Pattern XML_DECLARED_ENCODING =
            java.util.regex.Pattern.compile("\\A(\\uFEFF?<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"'])[^\"']*([\"'])");
    private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);

    private final RawRecordStore store;
    private final Mappings mappings;
    private final TransactionTemplate transaction;

    RecordIntake(RawRecordStore store, Mappings mappings, PlatformTransactionManager transactions) {
        this.store = store;
        this.mappings = mappings;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Stores the message in the exchange (body text or bytes; headers {@link #SOURCE}, {@link #CHANNEL},
     * {@link #ORIGIN}, {@link #ORIGIN_KEY}) and returns the records to process; empty when it was stored before.
     */
    public List<RawRecord> receiveMessage(Exchange exchange) {
        var in = exchange.getIn();
        String source = in.getHeader(SOURCE, String.class);
        String channel = in.getHeader(CHANNEL, "message", String.class);
        String origin = in.getHeader(ORIGIN, String.class);
        String originKey = in.getHeader(ORIGIN_KEY, String.class);
        if (in.getBody() instanceof String text) {
            // a text message (JMS TextMessage) is characters already: read it as such, whatever the platform's
            // default character set or an XML declaration written before the text was decoded says
            return receive(source, channel, origin, originKey, asUtf8(text), StandardCharsets.UTF_8);
        }
        byte[] body = in.getBody(byte[].class);
        return receiveMessage(source, channel, origin, originKey, body == null ? new byte[0] : body);
    }

    /**
     * Stores one message of a source. Each record in it is stored with the origin, and with the origin key plus its
     * position, so that the same message delivered again stores nothing.
     */
    public List<RawRecord> receiveMessage(String source, String channel, String origin, String originKey, byte[] body) {
        return receive(source, channel, origin, originKey, body, null);
    }

    private List<RawRecord> receive(
            String source, String channel, String origin, String originKey, byte[] body, Charset charset) {
        SourceMapping mapping = mappings.forSource(source)
                .orElseThrow(() -> new IllegalArgumentException("no mapping for source " + source));
        var rows = new ArrayList<RawRow>();
        String unreadable = null;
        try (RecordReader reader = RecordReaders.open(new ByteArrayInputStream(body), mapping.format(), charset)) {
            while (reader.hasNext()) {
                RawRow r = reader.next();
                rows.add(new RawRow(
                        r.rowNo(), r.values(), origin, originKey == null ? null : originKey + "#" + r.rowNo()));
            }
            if (rows.isEmpty()) {
                unreadable = "消息中没有记录 (the message holds no record)";
            }
        } catch (RejectedFileException | IOException e) {
            unreadable = CitizenIdNumber.maskWithin(String.valueOf(e.getMessage()));
        }
        if (unreadable != null) {
            return keepUnreadable(source, channel, origin, originKey, body, unreadable);
        }
        return storeOnce(source, channel, originKey, origin, rows);
    }

    /**
     * Stores one polled database row (column name to value, as a Camel {@code sql} consumer gives it) of a source,
     * with headers {@link #SOURCE}, {@link #CHANNEL}, {@link #ORIGIN} and {@link #ORIGIN_KEY}; returns the record
     * to process, or nothing when the row was taken before (by this node or another one polling the same table).
     */
    public List<RawRecord> receiveRow(Exchange exchange) {
        var in = exchange.getIn();
        return receiveRow(
                in.getHeader(SOURCE, String.class),
                in.getHeader(CHANNEL, "sql", String.class),
                in.getHeader(ORIGIN, String.class),
                in.getHeader(ORIGIN_KEY, String.class),
                in.getBody(Map.class));
    }

    /**
     * Stores one row as one record: column names in lower case (databases differ in the case they report), values
     * as text (dates ISO-8601, numbers plain), null columns left out, as the JSON reader leaves out nulls.
     *
     * @param originKey what identifies the row in its table ({@code licence_sanction:17}); required, because it is
     *                  what makes a row taken twice a no-op
     */
    public List<RawRecord> receiveRow(String source, String channel, String origin, String originKey, Map<?, ?> row) {
        mappings.forSource(source).orElseThrow(() -> new IllegalArgumentException("no mapping for source " + source));
        if (originKey == null || originKey.isBlank() || row == null) {
            throw new IllegalArgumentException("a polled row of " + source + " needs a body and the header "
                    + ORIGIN_KEY + " that identifies it (table and key)");
        }
        var values = new LinkedHashMap<String, String>();
        row.forEach((column, value) -> {
            String text = columnText(value);
            if (text != null) {
                values.put(String.valueOf(column).toLowerCase(java.util.Locale.ROOT), text);
            }
        });
        return storeOnce(source, channel, originKey, origin, List.of(new RawRow(1, values, origin, originKey)));
    }

    /**
     * Stores the rows of one delivery in one transaction. Rows delivered before store nothing and open no delivery;
     * what that earlier delivery stored and has not processed yet is returned, so that a delivery that failed after
     * storing is processed on its redelivery instead of waiting for the sweeper. Two nodes storing the same rows at
     * the same time collide on the origin keys; the loser's retry then finds them stored.
     */
    private List<RawRecord> storeOnce(String source, String channel, String name, String origin, List<RawRow> rows) {
        var keys = rows.stream()
                .map(RawRow::originKey)
                .filter(java.util.Objects::nonNull)
                .toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(s -> {
                    Delivery delivery = store.openDelivery(source, channel, name, origin);
                    List<RawRecord> stored = store.store(delivery, rows);
                    if (stored.isEmpty() && !keys.isEmpty()) {
                        log.debug("{} of {} was stored before", name, source);
                        s.setRollbackOnly();
                        return store.receivedWithOriginKeys(source, keys);
                    }
                    store.completeDelivery(delivery.id());
                    return stored;
                });
            } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                if (keys.isEmpty() || attempt == 3) {
                    throw e;
                }
                log.debug("{} of {} was stored concurrently; looking again", name, source);
            }
        }
    }

    /** A column value as text; null for SQL NULL. */
    static String columnText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.math.BigDecimal n) {
            return n.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) Math.min(clob.length(), KEEP_AT_MOST));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read a text column: " + e.getMessage(), e);
            }
        }
        return value.toString();
    }

    /** The text as UTF-8, its XML declaration (if any) saying so. */
    private static byte[] asUtf8(String text) {
        return XML_DECLARED_ENCODING.matcher(text).replaceFirst("$1UTF-8$2").getBytes(StandardCharsets.UTF_8);
    }

    private List<RawRecord> keepUnreadable(
            String source, String channel, String origin, String originKey, byte[] body, String reason) {
        log.warn("Unreadable message from {} ({}): {}", source, origin, reason);
        String text = new String(body, 0, Math.min(body.length, KEEP_AT_MOST), StandardCharsets.UTF_8);
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put(UNREADABLE, text);
        transaction.executeWithoutResult(s -> {
            Delivery delivery = store.openDelivery(source, channel, originKey, origin);
            List<RawRecord> stored = store.store(
                    delivery, List.of(new RawRow(1, payload, origin, originKey == null ? null : originKey + "#1")));
            for (RawRecord r : stored) {
                store.claim(r.id());
                store.markRejected(
                        r.id(),
                        null,
                        List.of(RejectReason.of(
                                null,
                                null,
                                "unreadable",
                                "消息无法读取 (the message cannot be read): " + reason
                                        + (body.length > KEEP_AT_MOST ? "；仅保留前 1 MiB (first 1 MiB kept)" : ""))));
            }
            store.completeDelivery(delivery.id());
        });
        return List.of();
    }

    /** The character set named in a content type ({@code text/csv; charset=GB18030}), or null. */
    public static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return Charset.forName(p.substring(8).replace("\"", "").strip());
            }
        }
        return null;
    }
}
