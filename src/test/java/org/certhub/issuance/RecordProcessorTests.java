package org.certhub.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.certhub.testing.InMemoryHub.SAFETY_STAFF;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordStories.RecordStory;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.Operation;
import org.certhub.licence.VersionState;
import org.certhub.mapping.RejectReason;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.certhub.testing.ShippedFonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process step on its own: raw records through the real mappings and catalogue into the licence library, on an
 * in-memory H2, at a fixed time that is already the next day in the authority's zone. Outcomes are read through the
 * library's queries and the record's story, as operators see them.
 */
class RecordProcessorTests {

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private RecordProcessor processor;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        processor = processor(hub.clock());
    }

    private RecordProcessor processor(Clock clock) {
        return new RecordProcessor(
                hub.normalizer(),
                ShippedFonts.get(),
                hub.library(),
                hub.rawRecords(),
                hub.transactions(),
                clock,
                new SimpleMeterRegistry());
    }

    @Test
    void aGoodRecordBecomesALicenceWaitingToBeSealed() {
        RawRecord record = hub.receive(RawRecords.examSystem());

        RecordProcessor.Processed processed = processor.process(List.of(record));

        assertThat(processed.toSign()).hasSize(1);
        assertThat(processed.statusEvents()).isEmpty();
        LicenceVersionView version =
                hub.library().findVersion(processed.toSign().get(0)).orElseThrow();
        assertThat(version.number()).isEqualTo("苏建安A(2026)0000001");
        assertThat(version.version()).isEqualTo(1);
        assertThat(version.operation()).isEqualTo(Operation.NEW);
        assertThat(version.state()).isEqualTo(VersionState.PENDING_SIGN);
        assertThat(version.status()).isEqualTo(LicenceStatus.VALID);
        assertThat(version.data())
                .containsEntry("holderName", "张三")
                .containsEntry("holderIdNumber", RawRecords.idNumber(11))
                .containsEntry("gender", "1")
                .containsEntry("position", "06")
                .containsEntry("examDate", "2026-11-20");
        assertThat(hub.library()
                        .findCurrent(SAFETY_STAFF, version.number())
                        .orElseThrow()
                        .versionId())
                .isEqualTo(version.versionId());

        RecordStory story = hub.story(record.id());
        assertThat(story.result().status()).isEqualTo("ISSUED");
        assertThat(story.result().licenceNumber()).isEqualTo(version.number());
        assertThat(story.result().licenceIdentifier()).isEqualTo(version.identifier());
        assertThat(story.result().mappingVersion()).isEqualTo("1");

        assertThat(hub.events(LicenceEvent.VersionIssued.class)).singleElement().satisfies(e -> {
            assertThat(e.versionId()).isEqualTo(version.versionId());
            assertThat(e.operation()).isEqualTo(Operation.NEW);
            assertThat(e.state()).isEqualTo(VersionState.PENDING_SIGN);
        });
    }

    @Test
    void aLicenceIsIssuedOnTheAuthoritysDateNotOnUtcs() {
        // 16:30 UTC on 6 December is 00:30 on 7 December in Shanghai
        RawRecord record = hub.receive(RawRecords.examSystem());

        long versionId = processor.process(List.of(record)).toSign().get(0);

        LicenceVersionView version = hub.library().findVersion(versionId).orElseThrow();
        assertThat(version.issuedOn()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(version.firstIssuedOn()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(version.validFrom()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(version.validTo()).as("three years, the last day included").isEqualTo(LocalDate.of(2029, 12, 6));
    }

    @Test
    void anExamPassedTodayInTheAuthoritysZoneIsNotInTheFuture() {
        // 7 December is tomorrow in UTC, today in Shanghai
        RawRecord record = hub.receive(RawRecords.examSystem().with("考核合格日期", "2026-12-07"));

        assertThat(processor.process(List.of(record)).toSign()).hasSize(1);
        assertThat(hub.story(record.id()).result().status()).isEqualTo("ISSUED");
    }

    @Test
    void theYearInTheNumberIsTheAuthoritysYear() {
        // 16:30 UTC on New Year's Eve is already 2027 in Shanghai
        hub = InMemoryHub.at(Clock.fixed(Instant.parse("2026-12-31T16:30:00Z"), ZoneId.of("Asia/Shanghai")), dir);
        processor = processor(hub.clock());

        long versionId = processor
                .process(List.of(hub.receive(RawRecords.examSystem())))
                .toSign()
                .get(0);

        assertThat(hub.library().findVersion(versionId).orElseThrow().number()).isEqualTo("苏建安A(2027)0000001");
    }

    @Test
    void serialsCountPerCategory() {
        List<RawRecord> records = hub.receive(
                RawRecords.examSystem("张三", RawRecords.idNumber(11)),
                RawRecords.examSystem("李四", RawRecords.idNumber(13)),
                RawRecords.examSystem("王芳", RawRecords.idNumber(12)).with("岗位类别", "B"));

        List<Long> versions = processor.process(records).toSign();

        assertThat(versions)
                .map(id -> hub.library().findVersion(id).orElseThrow().number())
                .containsExactlyInAnyOrder("苏建安A(2026)0000001", "苏建安A(2026)0000002", "苏建安B(2026)0000001");
    }

    @Test
    void aBadRecordIsRejectedWithTheRuleAndTheFieldItBroke() {
        String good = RawRecords.idNumber(11);
        String wrongCheckCharacter = good.substring(0, 17) + (good.endsWith("0") ? "1" : "0");
        RawRecord record =
                hub.receive(RawRecords.examSystem("张三", wrongCheckCharacter).with("考核合格日期", "2026-12-08"));

        RecordProcessor.Processed processed = processor.process(List.of(record));

        assertThat(processed.toSign()).isEmpty();
        RecordStory story = hub.story(record.id());
        assertThat(story.result().status()).isEqualTo("REJECTED");
        assertThat(story.result().licenceNumber()).isNull();
        assertThat(story.result().rejectReasons())
                .extracting(RejectReason::field, RejectReason::value, RejectReason::rule)
                .contains(
                        tuple("holderIdNumber", wrongCheckCharacter, "citizen-id-check"),
                        tuple("examDate", "2026-12-08", "not-in-future"));
        assertThat(hub.events(LicenceEvent.VersionIssued.class)).isEmpty();
    }

    @Test
    void aNameWithACharacterNoShippedFontDrawsIsRejectedBeforeAnythingIsIssued() {
        String extensionG = "王\uD880\uDC00明"; // U+30000, CJK Extension G: in no shipped font
        String privateUse = "李\uE000"; // GB 18030's user-defined area
        List<RawRecord> records = hub.receive(
                RawRecords.examSystem(extensionG, RawRecords.idNumber(11)),
                RawRecords.examSystem(privateUse, RawRecords.idNumber(13)));

        RecordProcessor.Processed processed = processor.process(records);

        assertThat(processed.toSign()).isEmpty();
        assertThat(hub.events(LicenceEvent.VersionIssued.class)).isEmpty();
        RecordStory story = hub.story(records.get(0).id());
        assertThat(story.result().status()).isEqualTo("REJECTED");
        assertThat(story.result().licenceNumber()).isNull();
        assertThat(story.result().rejectReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo("glyph-missing");
            assertThat(reason.field()).isEqualTo("holderName");
            assertThat(reason.value()).isEqualTo(extensionG);
            assertThat(reason.message()).contains("姓名", "U+30000 (\uD880\uDC00)", "re-drive");
        });
        assertThat(hub.story(records.get(1).id()).result().rejectReasons())
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactly(tuple("holderName", "glyph-missing"));
        assertThat(hub.story(records.get(1).id())
                        .result()
                        .rejectReasons()
                        .get(0)
                        .message())
                .contains("U+E000");
    }

    @Test
    void namesFromCjkExtensionsAAndBAreIssued() {
        List<RawRecord> records = hub.receive(
                RawRecords.examSystem("李㛃", RawRecords.idNumber(11)), // U+36C3, Extension A
                RawRecords.examSystem("吉\uD842\uDFB7祥", RawRecords.idNumber(13))); // U+20BB7, Extension B

        assertThat(processor.process(records).toSign()).hasSize(2);
    }

    @Test
    void aChangeThatWouldPrintACharacterNoFontDrawsIsRejectedAndTheLicenceStaysAsItWas() {
        processor.process(List.of(hub.receive(RawRecords.examSystem())));
        RawRecord change = hub.receive(RawRecords.cityBureau("变更", "苏建安A(2026)0000001", "SQ20261201002")
                .with("企业名称", "江苏\uE001建设有限公司"));

        assertThat(processor.process(List.of(change)).toSign()).isEmpty();

        assertThat(hub.story(change.id()).result().rejectReasons())
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactly(tuple("companyName", "glyph-missing"));
        assertThat(hub.library()
                        .findCurrent(SAFETY_STAFF, "苏建安A(2026)0000001")
                        .orElseThrow()
                        .version())
                .isEqualTo(1);
    }

    @Test
    void theSameRecordAgainIsADuplicateOfTheFirst() {
        RawRecord first = hub.receive(RawRecords.examSystem());
        RawRecord again = hub.receive(RawRecords.examSystem().with("序号", "7")); // another file, another row
        processor.process(List.of(first));

        RecordProcessor.Processed processed = processor.process(List.of(again));

        assertThat(processed.toSign()).isEmpty();
        RecordStory story = hub.story(again.id());
        assertThat(story.result().status()).isEqualTo("DUPLICATE");
        assertThat(story.result().duplicateOf()).isEqualTo(first.id());
        assertThat(story.result().licenceNumber()).isEqualTo("苏建安A(2026)0000001");
        assertThat(hub.events(LicenceEvent.VersionIssued.class)).hasSize(1);
    }

    @Test
    void theSamePersonTwiceInOneBatchIsIssuedOnce() {
        List<RawRecord> records =
                hub.receive(RawRecords.examSystem(), RawRecords.examSystem().with("序号", "2"));

        RecordProcessor.Processed processed = processor.process(records);

        assertThat(processed.toSign()).hasSize(1);
        assertThat(hub.story(records.get(1).id()).result().status()).isEqualTo("DUPLICATE");
        assertThat(hub.story(records.get(1).id()).result().duplicateOf())
                .isEqualTo(records.get(0).id());
    }

    @Test
    void aRecordProcessedBeforeIsLeftAlone() {
        RawRecord record = hub.receive(RawRecords.examSystem());
        processor.process(List.of(record));

        // the broker redelivers the batch, or the sweeper hands it on again
        RecordProcessor.Processed again = processor.process(List.of(record));

        assertThat(again.toSign()).isEmpty();
        assertThat(again.statusEvents()).isEmpty();
        assertThat(hub.story(record.id()).result().status()).isEqualTo("ISSUED");
        assertThat(hub.events(LicenceEvent.VersionIssued.class)).hasSize(1);
    }

    @Test
    void anOperationOnAnUnknownLicenceIsRejectedAsNotFound() {
        RawRecord record = hub.receive(RawRecords.enforcement("暂扣", "苏建安A(2026)0999999", "安全生产事故", "苏建罚〔2026〕12号"));

        RecordProcessor.Processed processed = processor.process(List.of(record));

        assertThat(processed.statusEvents()).isEmpty();
        RecordStory story = hub.story(record.id());
        assertThat(story.result().status()).isEqualTo("REJECTED");
        assertThat(story.result().rejectReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo("licence-not-found");
            assertThat(reason.value()).isEqualTo("苏建安A(2026)0999999");
            assertThat(reason.message()).contains("苏建安A(2026)0999999", "暂扣");
        });
    }

    @Test
    void aSuspensionChangesTheStatusAndIsHandedOnForPublication() {
        processor.process(List.of(hub.receive(RawRecords.examSystem())));
        RawRecord suspension = hub.receive(RawRecords.enforcement("暂扣", "苏建安A(2026)0000001", "安全生产事故", "苏建罚〔2026〕12号"));

        RecordProcessor.Processed processed = processor.process(List.of(suspension));

        assertThat(processed.toSign()).isEmpty();
        assertThat(processed.statusEvents()).hasSize(1);
        var current =
                hub.library().findCurrent(SAFETY_STAFF, "苏建安A(2026)0000001").orElseThrow();
        assertThat(current.status()).isEqualTo(LicenceStatus.SUSPENDED);
        assertThat(current.version()).as("a status change makes no version").isEqualTo(1);
        assertThat(hub.events(LicenceEvent.StatusChanged.class)).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo(processed.statusEvents().get(0));
            assertThat(e.operation()).isEqualTo(Operation.SUSPEND);
            assertThat(e.from()).isEqualTo(LicenceStatus.VALID);
            assertThat(e.to()).isEqualTo(LicenceStatus.SUSPENDED);
            assertThat(e.reason()).isEqualTo("安全生产事故");
        });
        assertThat(hub.story(suspension.id()).result().status()).isEqualTo("ISSUED");
    }

    @Test
    void anOperationTheStatusForbidsIsRejected() {
        processor.process(List.of(hub.receive(RawRecords.examSystem())));
        processor.process(
                List.of(hub.receive(RawRecords.enforcement("撤销", "苏建安A(2026)0000001", "以欺骗手段取得", "苏建罚〔2026〕12号"))));
        RawRecord suspension = hub.receive(RawRecords.enforcement("暂扣", "苏建安A(2026)0000001", "安全生产事故", "苏建罚〔2026〕13号"));

        processor.process(List.of(suspension));

        assertThat(hub.story(suspension.id()).result().rejectReasons())
                .extracting(RejectReason::rule)
                .containsExactly("status-forbids");
        assertThat(hub.library()
                        .findCurrent(SAFETY_STAFF, "苏建安A(2026)0000001")
                        .orElseThrow()
                        .status())
                .isEqualTo(LicenceStatus.REVOKED);
    }

    @Test
    void aRenewalMakesANewVersionValidForAnotherPeriodFromToday() {
        var lastYear = processor(Clock.fixed(Instant.parse("2025-06-01T02:00:00Z"), ZoneId.of("Asia/Shanghai")));
        lastYear.process(List.of(hub.receive(RawRecords.examSystem().with("考核合格日期", "2025-05-20"))));
        RawRecord renewal = hub.receive(RawRecords.cityBureau("延续", "苏建安A(2025)0000001", "SQ20261201001")
                .with("企业名称", "江苏省安装工程有限公司"));

        List<Long> toSign = processor.process(List.of(renewal)).toSign();

        assertThat(toSign).hasSize(1);
        LicenceVersionView renewed = hub.library().findVersion(toSign.get(0)).orElseThrow();
        assertThat(renewed.version()).isEqualTo(2);
        assertThat(renewed.operation()).isEqualTo(Operation.RENEW);
        assertThat(renewed.number()).as("the number stays").isEqualTo("苏建安A(2025)0000001");
        assertThat(renewed.firstIssuedOn()).isEqualTo(LocalDate.of(2025, 6, 1));
        assertThat(renewed.issuedOn()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(renewed.validFrom()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(renewed.validTo()).isEqualTo(LocalDate.of(2029, 12, 6));
        assertThat(renewed.data())
                .as("the current data with the changes")
                .containsEntry("companyName", "江苏省安装工程有限公司")
                .containsEntry("holderName", "张三")
                .containsEntry("examDate", "2025-05-20");
        assertThat(hub.library()
                        .findCurrent(SAFETY_STAFF, "苏建安A(2025)0000001")
                        .orElseThrow()
                        .versionId())
                .isEqualTo(renewed.versionId());
    }
}
