package org.certhub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certhub.licence.FailedStage;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.certhub.platform.Node;
import org.certhub.platform.UnreadableMessageException;
import org.certhub.sealing.SigningStages;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish step on its own, with recording publication targets: sealed versions go to every target once, each
 * acknowledgement is kept, a failing target is asked again and the others are not, and a status notice waits for its
 * version.
 */
class PublisherTests {

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private Licences licences;
    private RecordingTarget province;
    private RecordingTarget outbox;
    private Publisher publisher;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        licences = Licences.in(hub);
        province = new RecordingTarget("province");
        outbox = new RecordingTarget("outbox");
        publisher = new Publisher(
                hub.library(),
                hub.catalogue(),
                SigningStages.filesOnly(hub.library(), hub.catalogue(), hub.paths(), hub.clock()),
                List.of(province, outbox),
                hub.jdbc(),
                new PublishSettings(1, 3, Duration.ofMinutes(5)),
                new SimpleMeterRegistry(),
                hub.clock(),
                new Node("node-a"));
    }

    @Test
    void aSealedVersionGoesToEveryTargetWithItsFileAndMetadataAndIsMarkedPublished() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        hub.forgetEvents();

        publisher.publishAll(Long.toString(issued.versionId()));

        for (RecordingTarget target : List.of(province, outbox)) {
            assertThat(target.versions).singleElement().satisfies(p -> {
                assertThat(p.version().identifier()).isEqualTo(issued.identifier());
                assertThat(p.pdf()).isEqualTo(Licences.sealedFile(issued.identifier()));
                assertThat(p.metadata())
                        .containsEntry("certificate_number", "苏建安A(2026)0000001")
                        .containsEntry("certificate_identifier", issued.identifier())
                        .containsEntry("certificate_issued_date", "2026-12-07")
                        .containsEntry("certificate_holder_name", "张三")
                        .containsEntry("certificate_status", "VALID");
            });
        }
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
        assertThat(hub.events(LicenceEvent.VersionPublished.class))
                .singleElement()
                .satisfies(e -> assertThat(e.versionId()).isEqualTo(issued.versionId()));
        assertThat(hub.story(issued.recordId()).result().acknowledgements())
                .containsExactly(
                        "outbox: ACKNOWLEDGED outbox-ack:" + issued.identifier(),
                        "province: ACKNOWLEDGED province-ack:" + issued.identifier());
    }

    @Test
    void aVersionIsPublishedOnce() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());

        publisher.publishAll(Long.toString(issued.versionId()));
        publisher.publishAll(Long.toString(issued.versionId())); // the broker redelivers the message

        assertThat(province.versions).hasSize(1);
        assertThat(outbox.versions).hasSize(1);
        assertThat(hub.events(LicenceEvent.VersionPublished.class)).hasSize(1);
    }

    @Test
    void aVersionNotSealedYetIsNotPublished() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());

        publisher.publishAll(Long.toString(issued.versionId()));

        assertThat(province.versions).isEmpty();
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PENDING_SIGN);
    }

    @Test
    void aFailingTargetFailsTheStepAndIsAskedAgainWithoutAskingTheOthersAgain() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        outbox.failFor(issued.identifier());

        assertThatThrownBy(() -> publisher.publishAll(Long.toString(issued.versionId())))
                .hasMessageContaining("outbox is down");

        assertThat(province.versions).hasSize(1);
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .as("published only when every target acknowledged")
                .isEqualTo(VersionState.SIGNED);
        assertThat(hub.events(LicenceEvent.VersionPublished.class)).isEmpty();
        assertThat(hub.story(issued.recordId()).result().acknowledgements())
                .containsExactly("outbox: PENDING", "province: ACKNOWLEDGED province-ack:" + issued.identifier());

        outbox.recover();
        publisher.publishAll(Long.toString(issued.versionId()));

        assertThat(province.versions)
                .as("the province acknowledged before: not asked again")
                .hasSize(1);
        assertThat(outbox.versions).hasSize(1);
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
    }

    @Test
    void oneVersionThatFailsDoesNotHoldBackTheOthersOfItsMessage() throws Exception {
        Licences.Issued zhang = licences.issue(RawRecords.examSystem("张三", RawRecords.idNumber(11)));
        Licences.Issued li = licences.issue(RawRecords.examSystem("李四", RawRecords.idNumber(13)));
        licences.seal(zhang.versionId());
        licences.seal(li.versionId());
        province.failFor(zhang.identifier());

        assertThatThrownBy(() -> publisher.publishAll(zhang.versionId() + "," + li.versionId()))
                .as("thrown after the others went out, so that the broker redelivers the message")
                .hasMessageContaining("province is down");

        assertThat(hub.library().findVersion(li.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
        assertThat(hub.library().findVersion(zhang.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.SIGNED);
    }

    @Test
    void aStatusNoticeWaitsUntilItsVersionIsPublishedAndThenGoesOutRightAfterIt() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        var suspended = (IssueOutcome.StatusChanged)
                licences.apply(RawRecords.enforcement("暂扣", issued.number(), "安全生产事故", "苏建罚〔2026〕12号"));

        // suspended right after issuance: the targets do not know the certificate yet
        publisher.publishStatus(suspended.eventId());

        assertThat(province.calls).isEmpty();
        assertThat(hub.events(LicenceEvent.StatusChangePublished.class)).isEmpty();

        publisher.publishAll(Long.toString(issued.versionId()));

        assertThat(province.calls).containsExactly("version " + issued.identifier(), "status " + suspended.eventId());
        assertThat(province.notices).singleElement().satisfies(notice -> {
            assertThat(notice.eventId()).isEqualTo(suspended.eventId());
            assertThat(notice.notice())
                    .containsEntry("certificate_identifier", issued.identifier())
                    .containsEntry("certificate_status", "SUSPENDED")
                    .containsEntry("operation", "suspend")
                    .containsEntry("operation_code", "03")
                    .containsEntry("operation_reason", "安全生产事故");
        });
        assertThat(hub.events(LicenceEvent.StatusChangePublished.class))
                .singleElement()
                .satisfies(e -> assertThat(e.eventId()).isEqualTo(suspended.eventId()));
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().status())
                .isEqualTo(LicenceStatus.SUSPENDED);
    }

    @Test
    void aStatusNoticeOfAPublishedCertificateGoesOutOnce() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        publisher.publishAll(Long.toString(issued.versionId()));
        var revoked = (IssueOutcome.StatusChanged)
                licences.apply(RawRecords.enforcement("撤销", issued.number(), "以欺骗手段取得", "苏建罚〔2026〕13号"));

        publisher.publishStatus(revoked.eventId());
        publisher.publishStatus(revoked.eventId()); // the broker redelivers the message

        assertThat(province.notices)
                .singleElement()
                .satisfies(n -> assertThat(n.notice()).containsEntry("certificate_status", "REVOKED"));
        assertThat(outbox.notices).hasSize(1);
    }

    @Test
    void aStatusNoticeATargetRefusesFailsTheStepAndStaysUnpublished() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        publisher.publishAll(Long.toString(issued.versionId()));
        var suspended = (IssueOutcome.StatusChanged)
                licences.apply(RawRecords.enforcement("暂扣", issued.number(), "安全生产事故", "苏建罚〔2026〕12号"));
        province.failFor(issued.identifier());

        assertThatThrownBy(() -> publisher.publishStatus(suspended.eventId())).hasMessageContaining("province is down");

        assertThat(hub.events(LicenceEvent.StatusChangePublished.class)).isEmpty();
        assertThat(hub.library().unpublishedStatusEvents(issued.licenceId())).containsExactly(suspended.eventId());

        province.recover();
        publisher.publishStatus(suspended.eventId());

        assertThat(province.notices).hasSize(1);
        assertThat(hub.library().unpublishedStatusEvents(issued.licenceId())).isEmpty();
    }

    @Test
    void aVersionATargetKeepsRefusingIsFailedAfterTheLastAttemptAndRedrivenOnceTheTargetIsBack() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        province.failFor(issued.identifier());
        String message = Long.toString(issued.versionId());

        // attempts 1 and 2 fail the message, so that the broker redelivers it with back-off
        assertThatThrownBy(() -> publisher.publishAll(message)).hasMessageContaining("province is down");
        assertThatThrownBy(() -> publisher.publishAll(message)).hasMessageContaining("province is down");
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.SIGNED);
        // attempt 3 (max-attempts) ends it: FAILED with the reason, and the message is done
        publisher.publishAll(message);

        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.FAILED);
        assertThat(hub.library().failed(10)).singleElement().satisfies(f -> {
            assertThat(f.identifier()).isEqualTo(issued.identifier());
            assertThat(f.stage()).isEqualTo(FailedStage.PUBLISH);
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.reason()).contains("province").contains("province is down");
        });
        assertThat(hub.events(LicenceEvent.VersionFailed.class))
                .singleElement()
                .satisfies(e -> assertThat(e.stage()).isEqualTo(FailedStage.PUBLISH));
        assertThat(hub.library()
                        .stalled(VersionState.SIGNED, hub.clock().instant().plusSeconds(3600), 10))
                .as("the sweeper does not pick it up either")
                .isEmpty();
        publisher.publishAll(message); // a late redelivery changes nothing
        assertThat(hub.library().countFailed()).isEqualTo(1);

        province.recover();
        assertThat(hub.library().retryFailed(issued.versionId(), "admin")).contains(FailedStage.PUBLISH);
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.SIGNED);
        publisher.publishAll(message);

        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
        assertThat(hub.library().countFailed()).isZero();
        assertThat(hub.events(LicenceEvent.VersionRetried.class))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));
    }

    @Test
    void aStatusNoticeATargetKeepsRefusingFailsForGoodAndIsRedrivenOnceTheTargetIsBack() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        publisher.publishAll(Long.toString(issued.versionId()));
        var suspended = (IssueOutcome.StatusChanged)
                licences.apply(RawRecords.enforcement("暂扣", issued.number(), "安全生产事故", "苏建罚〔2026〕12号"));
        province.failFor(issued.identifier());
        String message = Long.toString(suspended.eventId());

        assertThatThrownBy(() -> publisher.publishStatus(message)).hasMessageContaining("province is down");
        assertThatThrownBy(() -> publisher.publishStatus(message)).hasMessageContaining("province is down");
        publisher.publishStatus(message);

        assertThat(hub.library().failedStatusChanges(10)).singleElement().satisfies(f -> {
            assertThat(f.eventId()).isEqualTo(suspended.eventId());
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.reason()).contains("province is down");
        });
        assertThat(hub.library().stalledEvents(hub.clock().instant().plusSeconds(3600), 10))
                .as("the sweeper leaves it alone")
                .isEmpty();

        province.recover();
        assertThat(hub.library().retryFailedEvent(suspended.eventId())).isTrue();
        publisher.publishStatus(message);

        assertThat(province.notices).hasSize(1);
        assertThat(hub.library().countFailedStatusChanges()).isZero();
    }

    @Test
    void aSealedFileThatIsDamagedOrMissingOnDiskIsNotPublishedButSealedAgain() throws Exception {
        Licences.Issued damaged = licences.issue(RawRecords.examSystem());
        LicenceVersionView sealed = licences.seal(damaged.versionId());
        // a power cut before the file reached the disk: the library says sealed, the file is empty
        java.nio.file.Files.write(hub.paths().files().resolve(sealed.filePath()), new byte[0]);
        Licences.Issued missing = licences.issue(RawRecords.examSystem("李四", RawRecords.idNumber(12)));
        java.nio.file.Files.delete(
                hub.paths().files().resolve(licences.seal(missing.versionId()).filePath()));

        List<Long> resealing = publisher.publishAll(damaged.versionId() + "," + missing.versionId());

        assertThat(resealing).containsExactly(damaged.versionId(), missing.versionId());
        assertThat(province.versions).isEmpty();
        assertThat(outbox.versions).isEmpty();
        for (long id : resealing) {
            assertThat(hub.library().findVersion(id).orElseThrow().state()).isEqualTo(VersionState.PENDING_SIGN);
        }
        assertThat(hub.events(LicenceEvent.VersionFileDamaged.class))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.reason()).contains("missing or is not the file sealed"));

        licences.seal(damaged.versionId()); // the sign stage seals it again
        assertThat(publisher.publishAll(Long.toString(damaged.versionId()))).isEmpty();
        assertThat(hub.library().findVersion(damaged.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
    }

    @Test
    void aMessageThatIsNotAListOfIdsIsUnreadableNotRetried() {
        assertThatThrownBy(() -> publisher.publishAll("12,abc")).isInstanceOf(UnreadableMessageException.class);
        assertThatThrownBy(() -> publisher.publishStatus("<xml/>")).isInstanceOf(UnreadableMessageException.class);
    }

    /** A publication target that keeps what it was sent, and fails for the identifiers it is told to. */
    static final class RecordingTarget implements PublicationTarget {

        record Published(LicenceVersionView version, byte[] pdf, Map<String, Object> metadata) {}

        record Notice(LicenceVersionView current, long eventId, Map<String, Object> notice) {}

        private final String id;
        private final Set<String> failing = new HashSet<>();
        final List<Published> versions = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
        /** Versions and notices in the order they came. */
        final List<String> calls = new ArrayList<>();

        RecordingTarget(String id) {
            this.id = id;
        }

        void failFor(String identifier) {
            failing.add(identifier);
        }

        void recover() {
            failing.clear();
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String publish(
                LicenceVersionView version, byte[] sealedPdf, byte[] sealedOfd, Map<String, Object> metadata)
                throws IOException {
            refuseIfFailing(version);
            versions.add(new Published(version, sealedPdf, metadata));
            calls.add("version " + version.identifier());
            return id + "-ack:" + version.identifier();
        }

        @Override
        public String publishStatus(LicenceVersionView current, long eventId, Map<String, Object> notice)
                throws IOException {
            refuseIfFailing(current);
            notices.add(new Notice(current, eventId, notice));
            calls.add("status " + eventId);
            return id + "-ack:" + eventId;
        }

        private void refuseIfFailing(LicenceVersionView version) throws IOException {
            if (failing.contains(version.identifier())) {
                throw new IOException(id + " is down");
            }
        }
    }

    @Test
    void aVersionAnotherNodeIsPublishingIsLeftToItAndPublishedOnceItsLeaseIsGone() throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());
        licences.seal(issued.versionId());
        List<Long> held = hub.library()
                .claim(
                        List.of(issued.versionId()),
                        VersionState.SIGNED,
                        "node-b/batch-1",
                        hub.clock().instant().plus(Duration.ofMinutes(5)));
        assertThat(held).containsExactly(issued.versionId());

        publisher.publishAll(Long.toString(issued.versionId()));

        assertThat(province.versions).as("node b is publishing it").isEmpty();
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.SIGNED);

        hub.library().releaseLease(held, "node-b/batch-1"); // node b's batch ended without publishing it
        publisher.publishAll(Long.toString(issued.versionId()));

        assertThat(province.versions).hasSize(1);
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PUBLISHED);
    }
}
