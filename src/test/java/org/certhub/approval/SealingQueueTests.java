package org.certhub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.certhub.testing.InMemoryHub.SAFETY_STAFF;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.certhub.intake.RawRecord;
import org.certhub.issuance.RecordProcessor;
import org.certhub.issuance.RecordProcessors;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.certhub.platform.Endpoints;
import org.certhub.sealing.SigningStages;
import org.certhub.testing.Catalogues;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.certhub.testing.SentMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealing queue on its own, in a copy of the catalogue where a sealer must approve safety-management
 * certificates: what waits, approval (to the sign queue, kept by {@link SentMessages}), sending back (the record
 * becomes a reject, and the corrected record is issued again in place), the decisions' history and the preview.
 */
class SealingQueueTests {

    private static final String ZHANG = RawRecords.idNumber(11);

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private RecordProcessor processor;
    private SentMessages sent;
    private SealingQueue queue;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(
                InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT,
                dir,
                Catalogues.withManualSealing(dir.resolve("catalog"), SAFETY_STAFF));
        processor = RecordProcessors.on(hub);
        sent = new SentMessages();
        queue = new SealingQueue(
                hub.jdbc(),
                hub.library(),
                hub.manualSealing(),
                hub.rawRecords(),
                SigningStages.renderingOnly(hub.library(), hub.catalogue(), hub.paths(), hub.clock()),
                hub.catalogue(),
                sent.producer(),
                hub.transactions(),
                hub.clock());
    }

    /** Receives and processes the records; returns the versions they made, now waiting, in the queue's order. */
    private List<Long> waiting(RawRecords.Row... rows) {
        RecordProcessor.Processed processed = processor.process(hub.receive(rows));
        assertThat(processed.toSign())
                .as("a manually sealed type's versions wait for a sealer")
                .isEmpty();
        return queue.list(null, null, 100).stream()
                .map(SealingQueue.Item::versionId)
                .toList();
    }

    /**
     * The ids as the API's callers pass them. Not {@code List.of}: {@code SealingQueue.checked} asks
     * {@code contains(null)}, which an immutable {@code List.of} answers with a NullPointerException.
     */
    private static List<Long> ids(Long... versionIds) {
        return Arrays.asList(versionIds);
    }

    private VersionState stateOf(long versionId) {
        return hub.library().findVersion(versionId).orElseThrow().state();
    }

    @Test
    void aVersionOfAManuallySealedTypeWaitsListedWithTheHoldersIdNumberMasked() {
        RawRecord record = hub.receive(RawRecords.examSystem());
        processor.process(List.of(record));

        assertThat(queue.list(null, null, 100)).singleElement().satisfies(item -> {
            assertThat(item.licenceNumber()).isEqualTo("苏建安A(2026)0000001");
            assertThat(item.typeCode()).isEqualTo(SAFETY_STAFF);
            assertThat(item.operation()).isEqualTo("new");
            assertThat(item.holderName()).isEqualTo("张三");
            assertThat(item.holderIdNumber()).isEqualTo(ZHANG.substring(0, 3) + "***********" + ZHANG.substring(14));
            assertThat(item.issuedOn()).hasToString("2026-12-07");
            assertThat(item.source()).isEqualTo("exam-system");
            assertThat(item.recordId()).isEqualTo(record.id());
            assertThat(stateOf(item.versionId())).isEqualTo(VersionState.AWAITING_SEAL);
        });
        assertThat(queue.list(null, "city-bureaus", 100))
                .as("filtered by source")
                .isEmpty();
        assertThat(queue.list(SAFETY_STAFF, "exam-system", 100)).hasSize(1);
    }

    @Test
    void approvedVersionsGoToSealingAndTheDecisionsAreRecorded() {
        List<Long> versions =
                waiting(RawRecords.examSystem("张三", ZHANG), RawRecords.examSystem("李四", RawRecords.idNumber(13)));

        SealingQueue.BatchResult result = queue.approve(versions, "sealer.li");

        assertThat(result.decidedBy()).isEqualTo("sealer.li");
        assertThat(result.decidedAt().toInstant()).isEqualTo(hub.clock().instant());
        assertThat(result.items())
                .extracting(
                        SealingQueue.ItemResult::versionId,
                        SealingQueue.ItemResult::outcome,
                        SealingQueue.ItemResult::state)
                .containsExactly(
                        tuple(versions.get(0), SealingQueue.Outcome.APPROVED, "PENDING_SIGN"),
                        tuple(versions.get(1), SealingQueue.Outcome.APPROVED, "PENDING_SIGN"));
        assertThat(versions).allSatisfy(id -> assertThat(stateOf(id)).isEqualTo(VersionState.PENDING_SIGN));
        assertThat(sent.to(Endpoints.ENQUEUE_SIGN)).containsExactly(versions);
        assertThat(hub.events(LicenceEvent.VersionReleased.class))
                .extracting(LicenceEvent.VersionReleased::versionId)
                .containsExactlyElementsOf(versions);
        assertThat(queue.list(null, null, 100)).isEmpty();
        assertThat(queue.history("sealer.li", result.batchId(), 0, 10))
                .extracting(SealingQueue.Decision::versionId, SealingQueue.Decision::decision)
                .containsExactlyInAnyOrder(tuple(versions.get(0), "APPROVED"), tuple(versions.get(1), "APPROVED"));
    }

    @Test
    void aVersionDecidedBeforeIsNotWaitingAndAnUnknownOneIsNotFound() {
        long version = waiting(RawRecords.examSystem()).get(0);
        queue.approve(ids(version), "sealer.li");

        SealingQueue.BatchResult again = queue.approve(ids(version, 987_654L), "sealer.wang");

        assertThat(again.items())
                .extracting(SealingQueue.ItemResult::outcome, SealingQueue.ItemResult::state)
                .containsExactly(
                        tuple(SealingQueue.Outcome.NOT_WAITING, "PENDING_SIGN"),
                        tuple(SealingQueue.Outcome.NOT_FOUND, null));
        assertThat(sent.to(Endpoints.ENQUEUE_SIGN)).as("sent to sealing once").hasSize(1);
        assertThat(queue.history("sealer.wang", null, 0, 10)).isEmpty();
        assertThat(queue.sendBack(ids(version), "太迟了", "sealer.wang").items())
                .extracting(SealingQueue.ItemResult::outcome)
                .containsExactly(SealingQueue.Outcome.NOT_WAITING);
        assertThat(stateOf(version)).isEqualTo(VersionState.PENDING_SIGN);
    }

    @Test
    void aVersionSentBackLeavesTheQueueUnsealedAndItsRecordBecomesAReject() {
        RawRecord record = hub.receive(RawRecords.examSystem());
        processor.process(List.of(record));
        long version = queue.list(null, null, 100).get(0).versionId();

        SealingQueue.BatchResult result = queue.sendBack(ids(version), "  姓名与身份证不符  ", "sealer.li");

        assertThat(result.items()).singleElement().satisfies(item -> {
            assertThat(item.outcome()).isEqualTo(SealingQueue.Outcome.SENT_BACK);
            assertThat(item.state()).isEqualTo("RETURNED");
        });
        assertThat(stateOf(version)).isEqualTo(VersionState.RETURNED);
        assertThat(sent.all()).isEmpty();
        assertThat(hub.events(LicenceEvent.VersionSentBack.class))
                .singleElement()
                .satisfies(e -> assertThat(e.versionId()).isEqualTo(version));
        var story = hub.story(record.id());
        assertThat(story.result().status()).isEqualTo("REJECTED");
        assertThat(story.result().rejectReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.rule()).isEqualTo(SealingQueue.SENT_BACK);
            assertThat(reason.message()).contains("姓名与身份证不符", "sealer.li");
        });
        assertThat(queue.history(null, null, 0, 10)).singleElement().satisfies(d -> {
            assertThat(d.decision()).isEqualTo("SENT_BACK");
            assertThat(d.reason()).as("stripped").isEqualTo("姓名与身份证不符");
            assertThat(d.recordId()).isEqualTo(record.id());
        });
    }

    @Test
    void theCorrectedRecordOfAVersionSentBackIsIssuedAgainInPlaceAndWaitsAgain() {
        long version = waiting(RawRecords.examSystem("张三", ZHANG)).get(0);
        LicenceVersionView before = hub.library().findVersion(version).orElseThrow();
        queue.sendBack(ids(version), "姓名有误", "sealer.li");

        // the exam system corrects the name and sends the record again: same person, category and exam date
        RawRecord corrected = hub.receive(RawRecords.examSystem("张叁", ZHANG));
        processor.process(List.of(corrected));

        LicenceVersionView again = hub.library().findVersion(version).orElseThrow();
        assertThat(again.state()).isEqualTo(VersionState.AWAITING_SEAL);
        assertThat(again.number()).isEqualTo(before.number());
        assertThat(again.identifier()).isEqualTo(before.identifier());
        assertThat(again.data()).containsEntry("holderName", "张叁");
        assertThat(again.verifyToken())
                .as("the sent-back version's link no longer works")
                .isNotEqualTo(before.verifyToken());
        assertThat(hub.story(corrected.id()).result().status()).isEqualTo("ISSUED");
        assertThat(queue.list(null, null, 100))
                .singleElement()
                .satisfies(item -> assertThat(item.recordId()).isEqualTo(corrected.id()));
    }

    @Test
    void sendingBackNeedsAShortReasonAndABatchNeedsVersions() {
        long version = waiting(RawRecords.examSystem()).get(0);

        assertThatThrownBy(() -> queue.sendBack(ids(version), " ", "sealer.li"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason is required");
        assertThatThrownBy(() -> queue.sendBack(ids(version), "错".repeat(501), "sealer.li"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() -> queue.approve(ids(), "sealer.li"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versionIds is required");
        assertThat(stateOf(version)).isEqualTo(VersionState.AWAITING_SEAL);
        assertThat(queue.history(null, null, 0, 10)).isEmpty();
    }

    @Test
    void aPreviewIsTheCertificateMarkedAsNotSealed() throws Exception {
        long version = waiting(RawRecords.examSystem()).get(0);

        byte[] preview = queue.preview(version);

        try (var document = Loader.loadPDF(preview)) {
            assertThat(document.getSignatureDictionaries()).isEmpty();
            // the stamp runs diagonally: the text extractor breaks it into pieces
            String text = new PDFTextStripper().getText(document).replaceAll("\\s", "");
            assertThat(text).contains("预览未盖章PREVIEW-NOTSEALED", "苏建安A(2026)0000001", "张三", "发证日期2026年12月7日");
        }
        queue.approve(ids(version), "sealer.li");
        assertThatThrownBy(() -> queue.preview(version)).isInstanceOf(SealingQueue.NotInQueueException.class);
        assertThatThrownBy(() -> queue.preview(987_654L)).isInstanceOf(SealingQueue.NoSuchVersionException.class);
    }
}
