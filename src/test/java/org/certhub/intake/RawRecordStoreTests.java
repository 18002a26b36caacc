package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.certhub.intake.formats.RawRow;
import org.certhub.mapping.RejectReason;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The raw store's delivery bookkeeping, on the real migrations in an in-memory H2. */
class RawRecordStoreTests {

    private RawRecordStore store;
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        var ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        store = new RawRecordStore(jdbc, new JdbcTemplate(ds), Clock.systemUTC());
    }

    @Test
    void anInterruptedFileIsResumedAfterItsLastStoredRow() {
        Instant mtime = Instant.parse("2026-11-27T01:02:03.456789Z");
        Delivery first = store.openFileDelivery("exam-system", "a.csv", "abc", mtime);
        store.store(first, List.of(new RawRow(2, Map.of("k", "v")), new RawRow(3, Map.of("k", "w"))));
        Delivery resumed = store.openFileDelivery("exam-system", "a.csv", "abc", mtime);
        assertThat(resumed.id()).isEqualTo(first.id());
        assertThat(resumed.lastStoredRow()).isEqualTo(3);
        assertThat(resumed.alreadyDone()).isFalse();
    }

    @Test
    void theSameFileCompletedBeforeACrashIsNotReadAgainButARedropIs() {
        Instant mtime = Instant.parse("2026-11-27T01:02:03.456789Z");
        Delivery first = store.openFileDelivery("exam-system", "a.csv", "abc", mtime);
        store.completeDelivery(first.id());
        assertThat(store.openFileDelivery("exam-system", "a.csv", "abc", mtime).alreadyDone())
                .isTrue();
        // dropped again later: a new file on disk, so a new delivery whose rows become duplicates
        Delivery redrop = store.openFileDelivery("exam-system", "a.csv", "abc", mtime.plusSeconds(60));
        assertThat(redrop.alreadyDone()).isFalse();
        assertThat(redrop.id()).isNotEqualTo(first.id());
    }

    @Test
    void controlCharactersInRejectReasonsAreKeptVisibly() {
        Delivery d = store.openFileDelivery("exam-system", "a.csv", "abc", Instant.now());
        RawRecord r =
                store.store(d, List.of(new RawRow(2, Map.of("姓名", "张\u0000三")))).get(0);
        assertThat(store.claim(r.id())).isTrue();
        store.markRejected(r.id(), "1", List.of(RejectReason.of("holderName", "张\u0000三", "control-character", "x")));
        assertThat(jdbc.sql("select field_value from reject_reason")
                        .query(String.class)
                        .single())
                .isEqualTo("张\\u0000三");
        assertThat(store.find(r.id()).orElseThrow().payload()).containsEntry("姓名", "张\u0000三");
        assertThat(store.claim(r.id()))
                .as("a processed record is not claimed again")
                .isFalse();
    }
}
