package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.platform.Sha256;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.util.unit.DataSize;

/**
 * File intake on its own: a dropped file of the exam system opened, read in batches that are stored before they are
 * handed on, completed or failed, without Camel running: the calls the {@code intake-file} route makes, with the
 * {@link DroppedFile} it carries in its body.
 */
class FileIntakeTests {

    private static final String ZHANG = RawRecords.idNumber(11);
    private static final String LI = RawRecords.idNumber(13);
    private static final String WANG = RawRecords.idNumber(12);

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private Path inbox;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        inbox = hub.paths().inbox().resolve("exam-system");
    }

    private FileIntake intake(int batchSize) {
        return intake(batchSize, DataSize.ofMegabytes(1), 1_048_576);
    }

    private FileIntake intake(int batchSize, IntakeGate gate) {
        return new FileIntake(
                hub.rawRecords(),
                hub.mappings(),
                new IntakeSettings(batchSize, 1000, DataSize.ofMegabytes(1), 1_048_576, DataSize.ofMegabytes(512)),
                new SimpleMeterRegistry(),
                gate);
    }

    /** The gate on the hub's own database, with room on disk. */
    private IntakeGate gate() {
        return new IntakeGate(hub.dataSource(), hub.paths(), settingsNeedingOneByte(), Clock.systemUTC());
    }

    /** A gate on another database, such as one that does not answer. */
    private IntakeGate gate(String url) {
        var database = new JdbcDataSource();
        database.setURL(url);
        return new IntakeGate(database, hub.paths(), settingsNeedingOneByte(), Clock.systemUTC());
    }

    private static IntakeSettings settingsNeedingOneByte() {
        return new IntakeSettings(10, 1000, DataSize.ofMegabytes(1), 1_048_576, DataSize.ofBytes(1));
    }

    private FileIntake intake(int batchSize, DataSize maxFileSize, int maxRowChars) {
        return new FileIntake(
                hub.rawRecords(),
                hub.mappings(),
                new IntakeSettings(batchSize, 1000, maxFileSize, maxRowChars, DataSize.ofMegabytes(512)),
                new SimpleMeterRegistry(),
                gate());
    }

    /** What a source route hands over: the file of a source, keeping its own name in done/ and failed/. */
    private static DroppedFile dropped(FileIntake intake, String source, Path file) {
        return intake.receive(source, file.toString(), null, "(?i).*\\.csv");
    }

    /** The file received and opened, as the route does before it splits the file into its batches. */
    private static DroppedFile opened(FileIntake intake, String source, Path file) throws Exception {
        DroppedFile dropped = dropped(intake, source, file);
        intake.open(dropped);
        return dropped;
    }

    private static ExamSystemCsv threePeople() {
        return ExamSystemCsv.file()
                .person(1, "吉𠮷祥", ZHANG, "A", "2026-11-20") // 𠮷 is outside the BMP: four bytes in GB18030
                .person(2, "阿卜杜热合曼·买买提", LI, "B", "2026-11-20")
                .person(3, "王芳", WANG, "C1", "2026-11-21");
    }

    @Test
    void aGb18030FileIsReadRightAndStoredInBatchesBeforeTheyAreHandedOn() throws Exception {
        Path file =
                ExamSystemCsv.drop(inbox, "passed-20261206.csv", threePeople().gb18030());

        Iterator<List<RawRecord>> batches =
                opened(intake(2), "exam-system", file).batches();
        List<RawRecord> first = batches.next();

        assertThat(first).extracting(RawRecord::rowNo).containsExactly(2, 3);
        assertThat(first).extracting(r -> r.payload().get("姓名")).containsExactly("吉𠮷祥", "阿卜杜热合曼·买买提");
        assertThat(first.get(0).payload()).containsEntry("身份证号码", ZHANG).containsEntry("发证机关", ExamSystemCsv.ISSUER);
        assertThat(hub.rawRecords().find(first.get(0).id()))
                .as("stored before it is handed on")
                .isPresent();
        var origin = hub.story(first.get(0).id()).origin();
        assertThat(origin.source()).isEqualTo("exam-system");
        assertThat(origin.file()).isEqualTo("passed-20261206.csv");
        assertThat(origin.row()).isEqualTo(2);

        assertThat(batches.next()).extracting(RawRecord::rowNo).containsExactly(4);
        assertThat(batches.hasNext()).isFalse();
    }

    @Test
    void aUtf8FileWithAByteOrderMarkIsReadAsUtf8() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().utf8WithBom());

        List<RawRecord> rows = opened(intake(10), "exam-system", file).batches().next();

        assertThat(rows).extracting(r -> r.payload().get("姓名")).containsExactly("吉𠮷祥", "阿卜杜热合曼·买买提", "王芳");
    }

    @Test
    void aFileTheSourceDoesNotTakeIsRefusedNamingWhatItTakes() throws Exception {
        Path file = inbox.resolve("registrations.xml");
        java.nio.file.Files.createDirectories(inbox);
        java.nio.file.Files.writeString(file, "<registrations/>");
        FileIntake intake = intake(10);
        DroppedFile dropped = dropped(intake, "exam-system", file);

        assertThatThrownBy(() -> intake.open(dropped))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("source exam-system takes only files whose names match (?i).*\\.csv")
                .hasMessageNotContaining("registrations/");
        assertThat(deliveries()).as("nothing is read or stored").isEmpty();
    }

    @Test
    void aSymbolicLinkIsNeverReadEvenToARegularFileTheHubMayRead() throws Exception {
        Path secret = dir.resolve("keys/seal.p12.password");
        java.nio.file.Files.createDirectories(secret.getParent());
        java.nio.file.Files.writeString(secret, "s3cret-seal-password");
        java.nio.file.Files.createDirectories(inbox);
        Path link = java.nio.file.Files.createSymbolicLink(inbox.resolve("passed.csv"), secret);
        FileIntake intake = intake(10);
        DroppedFile dropped = dropped(intake, "exam-system", link);

        assertThatThrownBy(() -> intake.open(dropped))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("not a regular file")
                .hasMessageNotContaining("s3cret");
        assertThat(deliveries()).isEmpty();
    }

    @Test
    void aFileWithTheWrongHeaderIsRefusedWithTheColumnsExpected() throws Exception {
        String header = ExamSystemCsv.HEADER.replace("身份证号码", "证件号码");
        Path file = ExamSystemCsv.drop(
                inbox, "passed.csv", threePeople().header(header).gb18030());
        FileIntake intake = intake(10);
        DroppedFile dropped = dropped(intake, "exam-system", file);

        assertThatThrownBy(() -> intake.open(dropped))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("header does not match the mapping")
                .hasMessageContaining("[序号, 姓名, 性别, 身份证号码, 企业名称, 企业统一社会信用代码, 岗位类别, 职务, 技术职称, 考核合格日期, 发证机关]")
                .hasMessageContaining("第 4 列应为“身份证号码”")
                // what the file's first row holds is never quoted
                .hasMessageNotContaining("证件号码");
    }

    @Test
    void aRefusedFileGetsAnErrorFileUnderItsArchivedNameAndAFailedDeliveryOfItsContent() throws Exception {
        String header = ExamSystemCsv.HEADER.replace("身份证号码", "证件号码");
        byte[] content = threePeople().header(header).gb18030();
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", content);
        FileIntake intake = intake(10);
        // as the source route names it for done/ and failed/ (header certhubArchiveName)
        DroppedFile dropped =
                intake.receive("exam-system", file.toString(), "20261207-093000-passed.csv", "(?i).*\\.csv");
        Exception refusal = catchException(() -> intake.open(dropped));

        assertThatThrownBy(() -> intake.fail(dropped, refusal)).isInstanceOf(RejectedFileException.class);

        String error =
                Files.readString(inbox.resolve("failed/20261207-093000-passed.csv.error.txt"), StandardCharsets.UTF_8);
        assertThat(error).contains("header does not match the mapping", "身份证号码");
        assertThat(deliveries()).containsExactly("passed.csv FAILED 0 " + Sha256.hex(content) + " " + error.strip());
    }

    @Test
    void citizenIdNumbersInAFailureAreMaskedInTheErrorFile() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(10);
        DroppedFile dropped = opened(intake, "exam-system", file);
        dropped.batches().next();

        assertThatThrownBy(() -> intake.fail(
                        dropped,
                        new IllegalStateException("duplicate key value (" + ZHANG + ") violates a constraint")))
                .hasMessageNotContaining(ZHANG);

        String error = Files.readString(inbox.resolve("failed/passed.csv.error.txt"), StandardCharsets.UTF_8);
        assertThat(error).contains("duplicate key value").doesNotContain(ZHANG);
        assertThat(deliveries())
                .singleElement()
                .asString()
                .startsWith("passed.csv FAILED 3 ")
                .doesNotContain(ZHANG);
    }

    @Test
    void aFileOfAnUnknownSourceIsRefused() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(10);

        assertThatThrownBy(() -> intake.open(dropped(intake, "nobody", file)))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("nobody")
                .hasMessageContaining("no mapping for source");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = ExamSystemCsv.drop(
                inbox, "passed.csv", ExamSystemCsv.file().people(40, 1).gb18030());
        FileIntake intake = intake(10, DataSize.ofKilobytes(1), 1_048_576);

        assertThatThrownBy(() -> intake.open(dropped(intake, "exam-system", file)))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("certhub.intake.max-file-size");
    }

    @Test
    void aFileThatBreaksOffPartWayHandsOnTheRowsBeforeTheFaultThenFails() throws Exception {
        ExamSystemCsv csv = threePeople()
                .person(4, "赵六", RawRecords.idNumber(15), "A", "2026-11-20")
                .row("5", "很长" + "长".repeat(400));
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", csv.gb18030());
        FileIntake intake = intake(10, DataSize.ofMegabytes(1), 300);
        DroppedFile dropped = opened(intake, "exam-system", file);

        Iterator<List<RawRecord>> batches = dropped.batches();

        assertThat(batches.next()).extracting(RawRecord::rowNo).containsExactly(2, 3, 4, 5);
        assertThat(batches.hasNext()).isFalse();
        Exception fault = catchException(() -> intake.complete(dropped));
        assertThat(fault)
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("row 6 is longer than 300 characters");
        assertThatThrownBy(() -> intake.fail(dropped, fault)).isInstanceOf(RejectedFileException.class);
        assertThat(deliveries())
                .singleElement()
                .asString()
                .as("the delivery fails with the rows before the fault in it")
                .startsWith("passed.csv FAILED 4 ")
                .contains("row 6 is longer than 300 characters");
    }

    @Test
    void anInterruptedFileIsReadOnAfterTheRowsItStoredBefore() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        List<RawRecord> before =
                opened(intake(2), "exam-system", file).batches().next();
        // the hub dies here; the file is still in the inbox when it starts again

        Iterator<List<RawRecord>> batches =
                opened(intake(2), "exam-system", file).batches();

        List<RawRecord> after = new ArrayList<>();
        batches.forEachRemaining(after::addAll);
        assertThat(after).extracting(RawRecord::rowNo).containsExactly(4);
        assertThat(after.get(0).deliveryId())
                .as("the same delivery, resumed")
                .isEqualTo(before.get(0).deliveryId());
    }

    @Test
    void aFileCompletedJustBeforeACrashIsNotReadAgain() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(10);
        DroppedFile dropped = opened(intake, "exam-system", file);
        dropped.batches().forEachRemaining(batch -> {});
        intake.complete(dropped);
        // the hub dies before the route moves the file out of the inbox

        DroppedFile again = opened(intake, "exam-system", file);

        assertThat(again.batches().hasNext()).isFalse();
        assertThatCode(() -> intake.complete(again)).doesNotThrowAnyException();
        assertThat(deliveries()).singleElement().asString().startsWith("passed.csv DONE 3 ");
    }

    @Test
    void aFileWhoseIntakeMeetsADatabaseOutageWaitsInTheRetryFolderWithNothingRecordedAsFailed() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(2, gate("jdbc:h2:tcp://127.0.0.1:1/the-database-is-down"));
        DroppedFile dropped = opened(intake, "exam-system", file);
        dropped.batches().next();
        var headers = new HashMap<String, Object>(Map.of(FileIntake.FAILED_TO, "failed/20261207-093000-passed.csv"));

        assertThatThrownBy(() -> intake.fail(dropped, connectionLost(), headers))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("database is unreachable");

        assertThat(headers).as("where the route moves it").containsEntry(FileIntake.FAILED_TO, ".retry/passed.csv");
        assertThat(inbox.resolve("failed")).doesNotExist();
        assertThat(deliveries())
                .singleElement()
                .asString()
                .as("the delivery stays open, to be read on after its stored rows")
                .startsWith("passed.csv RECEIVING ");
    }

    @Test
    void aConnectionLostForAMomentIsRetriedAFewTimesThenTheFileFails() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(2);
        DroppedFile dropped = opened(intake, "exam-system", file);

        for (int attempt = 1; attempt <= FileIntake.RETRIES_WHILE_UP; attempt++) {
            var headers = new HashMap<String, Object>(Map.of(FileIntake.FAILED_TO, "failed/passed.csv"));
            catchException(() -> intake.fail(dropped, connectionLost(), headers));
            assertThat(headers).as("attempt %d", attempt).containsEntry(FileIntake.FAILED_TO, ".retry/passed.csv");
        }
        var headers = new HashMap<String, Object>(Map.of(FileIntake.FAILED_TO, "failed/passed.csv"));
        catchException(() -> intake.fail(dropped, connectionLost(), headers));

        assertThat(headers).containsEntry(FileIntake.FAILED_TO, "failed/passed.csv");
        assertThat(inbox.resolve("failed/passed.csv.error.txt")).exists();
        assertThat(deliveries()).singleElement().asString().startsWith("passed.csv FAILED ");
    }

    @Test
    void aRefusedFileIsNeverAnOutageNorIsAFailureOfARouteWithoutARetryFolder() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileIntake intake = intake(2);
        DroppedFile dropped = opened(intake, "exam-system", file);
        var headers = new HashMap<String, Object>(Map.of(FileIntake.FAILED_TO, "failed/passed.csv"));

        catchException(() -> intake.fail(dropped, new RejectedFileException("row 3 is too long"), headers));
        assertThat(headers).containsEntry(FileIntake.FAILED_TO, "failed/passed.csv");

        FileIntake closed = intake(2, gate("jdbc:h2:tcp://127.0.0.1:1/the-database-is-down"));
        var noRetryFolder = new HashMap<String, Object>();
        catchException(() -> closed.fail(opened(closed, "exam-system", file), connectionLost(), noRetryFolder));
        assertThat(noRetryFolder).doesNotContainKey(FileIntake.FAILED_TO);
    }

    @Test
    void aLostConnectionIsFoundAmongTheCauses() {
        assertThat(FileIntake.connectionLost(connectionLost())).isTrue();
        assertThat(FileIntake.connectionLost(
                        new IllegalStateException("wrapped", new SQLException("connection refused", "08001"))))
                .isTrue();
        assertThat(FileIntake.connectionLost(new SQLException("unique constraint", "23505")))
                .isFalse();
        assertThat(FileIntake.connectionLost(new RejectedFileException("empty file")))
                .isFalse();
    }

    @Test
    void aLostConnectionIsFoundBehindARollbackThatFailedOnIt() {
        // as PostgreSQL's connections cut for 30 s showed it (TwoNodesIntegrationTests): the rollback fails on the
        // closed connection, and Spring keeps the failure that caused it aside, not among the causes
        var rollback = new org.springframework.transaction.TransactionSystemException(
                "JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(connectionLost());
        assertThat(FileIntake.connectionLost(new IllegalStateException("Multicast processing failed", rollback)))
                .isTrue();
        var onlyTheRollback = new org.springframework.transaction.TransactionSystemException(
                "JDBC rollback failed", new SQLException("Connection is closed"));
        onlyTheRollback.initApplicationException(new SQLException("unique constraint", "23505"));
        assertThat(FileIntake.connectionLost(onlyTheRollback)).isFalse();
    }

    @Test
    void aBrokerThatWentAwayIsAnOutageToo() {
        assertThat(FileIntake.connectionLost(new org.springframework.jms.UncategorizedJmsException(
                        new jakarta.jms.JMSException("AMQ219007: Cannot connect to server(s)")
                                .initCause(new org.apache.activemq.artemis.api.core.ActiveMQNotConnectedException()))))
                .isTrue();
        assertThat(FileIntake.connectionLost(new org.apache.activemq.artemis.api.core.ActiveMQSecurityException()))
                .isFalse();
    }

    /** What the pool throws when the database is gone: Spring's exception around Hikari's. */
    private static Exception connectionLost() {
        return new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
    }

    /** Each delivery as the pipeline API lists it: file, status, rows, content hash, error. */
    private List<String> deliveries() {
        return hub.jdbc()
                .sql(
                        "select file_name, status, coalesce(record_count, 0), content_sha256, error from delivery order by id")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4)
                        + (rs.getString(5) == null ? "" : " " + rs.getString(5)))
                .list();
    }
}
