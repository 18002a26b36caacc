package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.certhub.demopki.DemoCertificateAuthority;
import org.certhub.demopki.DemoPki;
import org.certhub.demopki.DemoTimestampAuthority;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceLibraries;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.sealing.ltv.LongTermValidation;
import org.certhub.sealing.ltv.TimestampAuthority;
import org.certhub.sealing.ltv.TimestampUnavailableException;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive re-timestamping job on its own: B-LTA files whose newest timestamp's TSA certificate expires within
 * the window get a new document timestamp from the demo TSA, as an incremental update, and the version points at the
 * new file; a file that cannot be extended is recorded, set aside behind the others and stays due.
 */
class ArchiveTimestampsTests {

    /** The job's window and batch: files whose timestamp expires within 90 days, at most 10 a run. */
    private static final ArchiveSettings SETTINGS =
            new ArchiveSettings(Duration.ofDays(90), 10, "-", Duration.ofDays(1), Duration.ofHours(2));
    /** Within the window of the hub's clock (6 December 2026). */
    private static final Instant SOON = Instant.parse("2027-01-31T00:00:00Z");

    @TempDir
    static Path pkiDir;

    private static DemoPki pki;
    private static LongTermValidation demoTsa;

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private Licences licences;

    @BeforeAll
    static void demoPki() {
        pki = DemoPki.ensure(pkiDir, "江苏省住房和城乡建设厅");
        demoTsa = new LongTermValidation(
                new DemoTimestampAuthority(pki, Clock.systemUTC()),
                new DemoCertificateAuthority(pki, Clock.systemUTC()).revocationSource((certificate, issuer) -> {
                    throw new AssertionError("only demo certificates here");
                }));
    }

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        licences = Licences.in(hub);
    }

    private ArchiveTimestamps job(LongTermValidation ltv, ArchiveSettings settings) {
        return new ArchiveTimestamps(
                hub.jdbc(),
                hub.library(),
                SigningStages.filesOnly(hub.library(), hub.catalogue(), hub.paths(), hub.clock()),
                ltv,
                settings,
                hub.paths(),
                hub.clock());
    }

    /** A licence sealed at B-LTA whose newest timestamp expires at the instant; its file a one-page PDF. */
    private LicenceVersionView archived(int person, Instant timestampExpiry) throws Exception {
        Licences.Issued issued = licences.issue(RawRecords.examSystem("张三" + person, RawRecords.idNumber(person)));
        LicenceVersionView pending =
                hub.library().findVersion(issued.versionId()).orElseThrow();
        return licences.seal(pending, onePagePdf(), timestampExpiry);
    }

    private static byte[] onePagePdf() throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private Path fileOf(LicenceVersionView version) {
        return hub.paths().files().resolve(version.filePath());
    }

    @Test
    void aFileDueIsExtendedWithANewDocumentTimestampAndTheVersionPointsAtIt() throws Exception {
        LicenceVersionView due = archived(11, SOON);
        byte[] before = Files.readAllBytes(fileOf(due));

        ArchiveTimestamps.Run run = job(demoTsa, SETTINGS).run();

        assertThat(run.extended()).isEqualTo(1);
        assertThat(run.failed()).isZero();
        assertThat(run.remaining()).isZero();
        assertThat(run.errors()).isEmpty();
        assertThat(run.startedAt().toInstant()).isEqualTo(hub.clock().instant());
        assertThat(run.finishedAt()).isNotNull();

        LicenceVersionView extended = hub.library().findVersion(due.versionId()).orElseThrow();
        assertThat(extended.fileSha256()).isNotEqualTo(due.fileSha256());
        assertThat(extended.filePath())
                .startsWith("2026/" + due.identifier() + "-")
                .isNotEqualTo(due.filePath());
        byte[] after = Files.readAllBytes(fileOf(extended));
        assertThat(after)
                .as("an incremental update: the file read is kept whole")
                .startsWith(before);
        try (PDDocument document = Loader.loadPDF(after)) {
            assertThat(document.getSignatureDictionaries())
                    .singleElement()
                    .extracting(PDSignature::getSubFilter)
                    .isEqualTo("ETSI.RFC3161");
        }
        assertThat(fileOf(due)).as("the file it replaced is gone").doesNotExist();
        assertThat(hub.events(LicenceEvent.ArchiveTimestampRenewed.class))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.versionId()).isEqualTo(due.versionId());
                    assertThat(e.fileSha256()).isEqualTo(extended.fileSha256());
                });

        assertThat(job(demoTsa, SETTINGS).dueCount()).isZero();
        Instant tsaExpiry = pki.tsaChain().get(0).getNotAfter().toInstant();
        Instant dueAgain = tsaExpiry.minus(SETTINGS.renewBefore());
        assertThat(libraryAt(dueAgain.minusSeconds(1)).archivesDue(dueAgain, 10))
                .isEmpty();
        assertThat(libraryAt(dueAgain).archivesDue(dueAgain, 10))
                .as("due again the window's length before the new timestamp's TSA certificate expires")
                .singleElement()
                .extracting(LicenceLibrary.ArchiveDue::expiresAt)
                .isEqualTo(tsaExpiry);
    }

    /** The hub's library as it answers at another time. */
    private LicenceLibrary libraryAt(Instant now) {
        return LicenceLibraries.create(
                hub.dataSource(), Clock.fixed(now, hub.clock().getZone()), hub.events());
    }

    @Test
    void aFileNotDueIsLeftAlone() throws Exception {
        LicenceVersionView later = archived(11, Instant.parse("2030-01-01T00:00:00Z"));
        LicenceVersionView notBlta = licences.seal(licences.issue(RawRecords.examSystem("李四", RawRecords.idNumber(13)))
                .versionId());

        ArchiveTimestamps.Run run = job(demoTsa, SETTINGS).run();

        assertThat(run.extended()).isZero();
        assertThat(run.remaining()).isZero();
        assertThat(hub.library().findVersion(later.versionId()).orElseThrow().fileSha256())
                .isEqualTo(later.fileSha256());
        assertThat(hub.library().findVersion(notBlta.versionId()).orElseThrow().fileSha256())
                .isEqualTo(notBlta.fileSha256());
        assertThat(hub.events(LicenceEvent.ArchiveTimestampRenewed.class)).isEmpty();
    }

    @Test
    void whenTheTsaDoesNotAnswerTheRunRecordsItAndTheFileStaysDue() throws Exception {
        LicenceVersionView due = archived(11, SOON);
        TimestampAuthority down = digest -> {
            throw new TimestampUnavailableException("the TSA did not answer", null);
        };

        ArchiveTimestamps.Run run =
                job(new LongTermValidation(down, (c, i) -> null), SETTINGS).run();

        assertThat(run.extended()).isZero();
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.remaining()).isEqualTo(1);
        assertThat(run.errors())
                .singleElement()
                .asString()
                .startsWith(due.identifier() + ": ")
                .contains("the TSA did not answer");
        assertThat(hub.library().findVersion(due.versionId()).orElseThrow().fileSha256())
                .isEqualTo(due.fileSha256());
        assertThat(fileOf(due)).exists();
        assertThat(job(demoTsa, SETTINGS).lastRun()).contains(run);
    }

    @Test
    void aStoredFileThatNoLongerMatchesItsHashIsNotExtended() throws Exception {
        LicenceVersionView due = archived(11, SOON);
        // changed behind the hub's back: a byte more at the end
        Files.write(fileOf(due), new byte[] {'\n'}, java.nio.file.StandardOpenOption.APPEND);

        ArchiveTimestamps.Run run = job(demoTsa, SETTINGS).run();

        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.errors()).singleElement().asString().contains("does not match its recorded SHA-256");
        assertThat(hub.library().findVersion(due.versionId()).orElseThrow().fileSha256())
                .isEqualTo(due.fileSha256());
    }

    @Test
    void aFileThatFailedGoesBehindTheFilesThatHaveNot() throws Exception {
        ArchiveSettings oneARun =
                new ArchiveSettings(Duration.ofDays(90), 1, "-", Duration.ofDays(1), Duration.ofHours(2));
        LicenceVersionView broken = archived(11, SOON); // expires first: taken first
        LicenceVersionView sound = archived(13, SOON.plus(Duration.ofDays(10)));
        Files.delete(fileOf(broken));

        ArchiveTimestamps.Run first = job(demoTsa, oneARun).run();
        ArchiveTimestamps.Run second = job(demoTsa, oneARun).run();

        assertThat(first.errors()).singleElement().asString().startsWith(broken.identifier() + ": cannot read");
        assertThat(first.remaining()).isEqualTo(2);
        assertThat(second.extended())
                .as("the sound file, not the broken one again")
                .isEqualTo(1);
        assertThat(hub.library().findVersion(sound.versionId()).orElseThrow().fileSha256())
                .isNotEqualTo(sound.fileSha256());
        assertThat(second.remaining()).as("the broken file stays due").isEqualTo(1);
        assertThat(hub.library().archivesDue(hub.clock().instant().plus(Duration.ofDays(90)), 10))
                .extracting(LicenceLibrary.ArchiveDue::versionId)
                .containsExactly(broken.versionId());
    }

    @Test
    void noRunBeforeTheFirst() {
        assertThat(job(demoTsa, SETTINGS).lastRun()).isEmpty();
    }
}
