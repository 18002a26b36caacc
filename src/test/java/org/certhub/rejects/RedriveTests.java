package org.certhub.rejects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.certhub.testing.InMemoryHub.SAFETY_STAFF;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.certhub.intake.RawPayloadsPurged;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordStories;
import org.certhub.intake.RecordStories.Action;
import org.certhub.intake.RecordStories.RecordStory;
import org.certhub.issuance.RecordProcessor;
import org.certhub.issuance.RecordProcessors;
import org.certhub.licence.LicenceStatus;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.RejectReason;
import org.certhub.platform.Endpoints;
import org.certhub.rendering.FontSet;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.certhub.testing.SentMessages;
import org.certhub.testing.TestFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-drive and discard on their own: rejects made by the real process step, re-driven once their cause is fixed (the
 * licence they name now exists, or the mapping was corrected) or discarded, each recorded with who, why and what the
 * record was before. What goes on into the flow is kept by {@link SentMessages}.
 */
class RedriveTests {

    private static final String NUMBER = "苏建安A(2026)0000001";

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private RecordProcessor processor;
    private SentMessages sent;
    private Redrive redrive;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        processor = RecordProcessors.on(hub);
        sent = new SentMessages();
        redrive =
                new Redrive(hub.jdbc(), hub.rawRecords(), processor, sent.producer(), hub.transactions(), hub.clock());
    }

    /** A record received and processed into a reject. */
    private RawRecord rejected(RawRecords.Row row) {
        RawRecord record = hub.receive(row);
        processor.process(List.of(record));
        assertThat(hub.story(record.id()).result().status()).isEqualTo("REJECTED");
        return record;
    }

    private static RawRecords.Row suspension(String decisionNo) {
        return RawRecords.enforcement("暂扣", NUMBER, "安全生产事故", decisionNo);
    }

    @Test
    void aRejectReDrivenOnceItsCauseIsFixedIsIssuedAndHandedOn() {
        // the enforcement system decided on a certificate the hub had not issued yet
        RawRecord reject = rejected(suspension("苏建罚〔2026〕12号"));
        Licences.in(hub).issue(RawRecords.examSystem());

        Redrive.Result result = redrive.redrive(List.of(reject.id()), "zhou.min", "证书已签发");

        assertThat(result).isEqualTo(new Redrive.Result(1, 1, 0, 0, List.of(reject.id())));
        assertThat(hub.story(reject.id()).result().status()).isEqualTo("ISSUED");
        assertThat(hub.library().findCurrent(SAFETY_STAFF, NUMBER).orElseThrow().status())
                .isEqualTo(LicenceStatus.SUSPENDED);
        assertThat(sent.to(Endpoints.DISPATCH))
                .singleElement()
                .isInstanceOfSatisfying(
                        RecordProcessor.Processed.class,
                        processed -> assertThat(processed.statusEvents()).hasSize(1));
    }

    /**
     * A hub whose fonts lack U+4DBF (the last fallback font left out) rejects a name with it; once the font ships, the
     * reject re-driven is issued.
     */
    @Test
    void aNameNoFontCouldPrintIsIssuedWhenReDrivenOnceAFontHasIt() {
        var withoutTheLastFont =
                RecordProcessors.on(hub, FontSet.load(List.of("/fonts/HanaMinA-cut.ttf", "/fonts/HanaMinB.ttf")));
        RawRecord record = hub.receive(RawRecords.examSystem("王\u4DBF明", RawRecords.idNumber(11)));
        withoutTheLastFont.process(List.of(record));
        assertThat(hub.story(record.id()).result().rejectReasons())
                .extracting(RejectReason::rule)
                .containsExactly("glyph-missing");

        Redrive.Result result = redrive.redrive(List.of(record.id()), "zhou.min", "字体已加入");

        assertThat(result.issued()).isEqualTo(1);
        assertThat(hub.story(record.id()).result().status()).isEqualTo("ISSUED");
        assertThat(hub.library().findCurrent(SAFETY_STAFF, NUMBER).orElseThrow().data())
                .containsEntry("holderName", "王\u4DBF明");
    }

    @Test
    void aReDriveIsRecordedWithWhoWhyAndTheReasonsTheRecordHad() {
        RawRecord reject = rejected(suspension("苏建罚〔2026〕12号"));

        redrive.redrive(List.of(reject.id()), "zhou.min", "再试一次");

        RecordStory story = hub.story(reject.id());
        assertThat(story.actions()).singleElement().satisfies(action -> {
            assertThat(action.action()).isEqualTo("REDRIVE");
            assertThat(action.actor()).isEqualTo("zhou.min");
            assertThat(action.reason()).isEqualTo("再试一次");
            assertThat(action.previousStatus()).isEqualTo("REJECTED");
            assertThat(action.previousReasons()).contains("licence-not-found");
            assertThat(action.at().toInstant()).isEqualTo(hub.clock().instant());
        });
    }

    @Test
    void aRejectWhoseCauseRemainsIsRejectedAgainWithItsReasons() {
        RawRecord reject = rejected(suspension("苏建罚〔2026〕12号"));

        Redrive.Result result = redrive.redrive(List.of(reject.id()), "zhou.min", null);

        assertThat(result.rejectedAgain()).isEqualTo(1);
        assertThat(hub.story(reject.id()).result().rejectReasons())
                .extracting(RejectReason::rule)
                .containsExactly("licence-not-found");
        assertThat(redrive.redrive(List.of(reject.id()), "zhou.min", null).rejectedAgain())
                .as("and can be re-driven again")
                .isEqualTo(1);
    }

    @Test
    void aRejectReDrivenAfterItsMappingIsFixedIsIssuedWithTheLiveMapping() throws Exception {
        // the exam system started writing a position its mapping did not know
        RawRecord reject = rejected(RawRecords.examSystem().with("职务", "安全员"));
        assertThat(hub.story(reject.id()).result().rejectReasons())
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactly(tuple("position", "code-table"));
        hub.mappings().replaceWith(Mappings.load(fixedMappings(), hub.catalogue()));

        Redrive.Result result = redrive.redrive(List.of(reject.id()), "zhou.min", "映射已补充“安全员”");

        assertThat(result.issued()).isEqualTo(1);
        RecordStory story = hub.story(reject.id());
        assertThat(story.result().mappingVersion()).isEqualTo("2");
        assertThat(hub.library().findCurrent(SAFETY_STAFF, NUMBER).orElseThrow().data())
                .containsEntry("position", "08");
    }

    /** The live mappings, with the exam system's taught that 安全员 is a full-time safety manager (08). */
    private Path fixedMappings() throws Exception {
        Path fixed = Files.createDirectories(dir.resolve("mappings"));
        TestFolders.copyYaml(Path.of("mappings"), fixed);
        Path exam = fixed.resolve("exam-system.yaml");
        String yaml = Files.readString(exam);
        String edited = yaml.replace("version: \"1\"", "version: \"2\"")
                .replace("专职安全生产管理人员: \"08\"", "专职安全生产管理人员: \"08\"\n      安全员: \"08\"");
        assertThat(edited).contains("version: \"2\"", "安全员");
        Files.writeString(exam, edited);
        return fixed;
    }

    @Test
    void reDrivingAllOfASourceAndRuleTakesOnlyThose() {
        RawRecord first = rejected(suspension("苏建罚〔2026〕12号"));
        RawRecord second = rejected(RawRecords.enforcement("撤销", NUMBER, "以欺骗手段取得", "苏建罚〔2026〕13号"));
        RawRecord otherRule = rejected(RawRecords.enforcement("吊销", NUMBER, "吊销", "苏建罚〔2026〕14号"));
        Licences.in(hub).issue(RawRecords.examSystem());

        Redrive.Result result = redrive.redriveAll("enforcement-system", "licence-not-found", "zhou.min", null);

        assertThat(result.redriven()).isEqualTo(2);
        assertThat(result.issued()).isEqualTo(2);
        assertThat(result.recordIds()).containsExactly(first.id(), second.id());
        assertThat(hub.story(otherRule.id()).result().status()).isEqualTo("REJECTED");
        assertThat(hub.story(otherRule.id()).actions()).isEmpty();
        assertThat(hub.library().findCurrent(SAFETY_STAFF, NUMBER).orElseThrow().status())
                .as("suspended, then revoked, in the order received")
                .isEqualTo(LicenceStatus.REVOKED);
    }

    @Test
    void onlyARejectCanBeReDriven() {
        Licences.Issued issued = Licences.in(hub).issue(RawRecords.examSystem());

        assertThatThrownBy(() -> redrive.redrive(List.of(issued.recordId()), "zhou.min", null))
                .isInstanceOf(Redrive.NotARejectException.class)
                .hasMessageContaining("ISSUED");
        assertThatThrownBy(() -> redrive.redrive(List.of(999_999L), "zhou.min", null))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(sent.all()).isEmpty();
        assertThat(hub.story(issued.recordId()).actions()).isEmpty();
    }

    @Test
    void aDiscardedRejectIsSetAsideForGoodWithWhoAndWhy() {
        RawRecord reject = rejected(suspension("苏建罚〔2026〕12号"));

        redrive.discard(reject.id(), "zhou.min", "执法系统已撤回该决定");

        RecordStory story = hub.story(reject.id());
        assertThat(story.result().status()).isEqualTo("DISCARDED");
        assertThat(story.actions())
                .extracting(Action::action, Action::actor, Action::reason, Action::previousStatus)
                .containsExactly(tuple("DISCARD", "zhou.min", "执法系统已撤回该决定", "REJECTED"));
        assertThatThrownBy(() -> redrive.redrive(List.of(reject.id()), "zhou.min", null))
                .as("a discarded record is no longer a reject")
                .isInstanceOf(Redrive.NotARejectException.class);
        assertThatThrownBy(() -> redrive.discard(reject.id(), "zhou.min", "again"))
                .isInstanceOf(Redrive.NotARejectException.class);
    }

    @Test
    void onceADiscardedRecordsPayloadIsPurgedItsHistoryKeepsTheRulesNotTheValues() {
        String id = RawRecords.idNumber(811);
        String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
        RawRecord reject = rejected(RawRecords.examSystem("周八", wrongCheck));
        redrive.discard(reject.id(), "zhou.min", "考试系统已更正");
        assertThat(previousReasons(reject.id())).contains(wrongCheck);

        redrive.forgetValues(new RawPayloadsPurged(List.of(reject.id())));

        assertThat(previousReasons(reject.id()))
                .contains("citizen-id")
                .doesNotContain(wrongCheck)
                .doesNotContain(wrongCheck.substring(6, 14));
        assertThat(hub.story(reject.id()).actions())
                .singleElement()
                .extracting(RecordStories.Action::action, RecordStories.Action::reason)
                .containsExactly("DISCARD", "考试系统已更正");
    }

    private String previousReasons(long recordId) {
        return hub.jdbc()
                .sql("select previous_reasons from record_action where raw_record_id = ?")
                .param(recordId)
                .query(String.class)
                .single();
    }
}
