package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.certhub.issuance.RecordProcessors;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.MovingClock;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.Test;

/**
 * Raw payloads leave the database {@code certhub.personal-data.raw-retention} (180 days by default) after their
 * record was issued, on a hub whose clock the test moves on; what is still to be processed or re-driven stays.
 */
class RawPayloadPurgeTests {

    private final MovingClock clock = new MovingClock();
    private final InMemoryHub hub = InMemoryHub.at(clock, Path.of("target", "raw-payload-purge-tests"));
    private final RawPayloadPurge purge = new RawPayloadPurge(
            hub.jdbc(),
            clock,
            new PersonalDataSettings(Duration.ofDays(180), Duration.ofHours(6)),
            hub.transactions(),
            hub.events());

    private String payloadOf(long recordId) {
        return hub.jdbc()
                .sql("select payload from raw_record where id = ?")
                .param(recordId)
                .query(String.class)
                .single();
    }

    private String hashOf(long recordId) {
        return hub.jdbc()
                .sql("select payload_sha256 from raw_record where id = ?")
                .param(recordId)
                .query(String.class)
                .single();
    }

    @Test
    void aPayloadIssuedMoreThan180DaysAgoIsPurgedAndTheRestIsKept() {
        String oldId = RawRecords.idNumber(801);
        var issuedLongAgo = Licences.in(hub).issue(RawRecords.examSystem("赵一", oldId));
        String hash = hashOf(issuedLongAgo.recordId());
        clock.advance(Duration.ofDays(2));
        var issuedRecently = Licences.in(hub).issue(RawRecords.examSystem("钱二", RawRecords.idNumber(802)));
        RawRecord stillReceived = hub.receive(RawRecords.examSystem("孙三", RawRecords.idNumber(803)));
        RawRecord rejected = hub.receive(RawRecords.enforcement("暂扣", "苏建安C3(2026)0999998", "安全生产事故", "苏建罚〔2026〕801号"));
        RecordProcessors.on(hub).process(List.of(rejected));
        clock.advance(Duration.ofDays(179));

        RawPayloadPurge.Purged purged = purge.purge();

        // 181 days after the first issue: its payload is gone, the row, its provenance and its hash stay
        assertThat(purged.byStatus()).containsExactly(java.util.Map.entry("ISSUED", 1));
        assertThat(payloadOf(issuedLongAgo.recordId())).isEqualTo("{}").doesNotContain(oldId);
        assertThat(hashOf(issuedLongAgo.recordId())).isEqualTo(hash);
        assertThat(hub.story(issuedLongAgo.recordId()).result().status()).isEqualTo("ISSUED");
        // 179 days after the second, a record not processed yet and a reject waiting to be re-driven: kept
        assertThat(payloadOf(issuedRecently.recordId())).contains(RawRecords.idNumber(802));
        assertThat(payloadOf(stillReceived.id())).contains(RawRecords.idNumber(803));
        assertThat(payloadOf(rejected.id())).contains("苏建安C3(2026)0999998");
        assertThat(hub.story(rejected.id()).result().status()).isEqualTo("REJECTED");

        assertThat(purge.purge().total()).as("a second run finds nothing more").isZero();
    }

    @Test
    void aDiscardedRejectLosesItsPayloadAndTheValuesItsReasonsQuoteButKeepsItsRules() {
        String id = RawRecords.idNumber(804);
        String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
        RawRecord reject = hub.receive(RawRecords.examSystem("周八", wrongCheck));
        RecordProcessors.on(hub).process(List.of(reject));
        // what an operator's discard does to the record (the rejects package's Redrive)
        hub.jdbc()
                .sql("update raw_record set status = 'DISCARDED', processed_at = ? where id = ?")
                .params(java.time.OffsetDateTime.now(clock), reject.id())
                .update();
        hub.forgetEvents();
        clock.advance(Duration.ofDays(181));

        assertThat(purge.purge().byStatus()).containsEntry("DISCARDED", 1);

        assertThat(payloadOf(reject.id())).isEqualTo("{}");
        assertThat(hub.jdbc()
                        .sql("select rule, field_value from reject_reason where raw_record_id = ?")
                        .param(reject.id())
                        .query((rs, n) -> rs.getString(1) + "=" + rs.getString(2))
                        .list())
                .singleElement()
                .asString()
                .startsWith("citizen-id")
                .endsWith("=null");
        assertThat(hub.published(RawPayloadsPurged.class))
                .as("the history's owner is told, in the same transaction")
                .containsExactly(new RawPayloadsPurged(List.of(reject.id())));
    }
}
