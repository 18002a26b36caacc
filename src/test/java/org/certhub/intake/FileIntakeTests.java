package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * File intake on its own: a dropped file of the exam system opened, read in batches that are stored before they are
 * handed on, completed or failed, without Camel running. The route's exchange is stood in for by {@link FileDrop}.
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

    private FileIntake intake(int batchSize, DataSize maxFileSize, int maxRowChars) {
        return new FileIntake(
                hub.rawRecords(),
                hub.mappings(),
                new IntakeSettings(batchSize, 1000, maxFileSize, maxRowChars),
                new SimpleMeterRegistry());
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
        FileDrop drop = FileDrop.of("exam-system", file);

        Iterator<List<RawRecord>> batches = intake(2).open(drop.exchange());
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

        List<RawRecord> rows =
                intake(10).open(FileDrop.of("exam-system", file).exchange()).next();

        assertThat(rows).extracting(r -> r.payload().get("姓名")).containsExactly("吉𠮷祥", "阿卜杜热合曼·买买提", "王芳");
    }

    @Test
    void aFileWithTheWrongHeaderIsRefusedWithTheColumnsExpected() throws Exception {
        String header = ExamSystemCsv.HEADER.replace("身份证号码", "证件号码");
        Path file = ExamSystemCsv.drop(
                inbox, "passed.csv", threePeople().header(header).gb18030());
        FileDrop drop = FileDrop.of("exam-system", file);

        assertThatThrownBy(() -> intake(10).open(drop.exchange()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("header does not match the mapping")
                .hasMessageContaining("[序号, 姓名, 性别, 身份证号码, 企业名称, 企业统一社会信用代码, 岗位类别, 职务, 技术职称, 考核合格日期, 发证机关]")
                .hasMessageContaining("第 4 列应为“身份证号码”")
                // what the file's first row holds is never quoted
                .hasMessageNotContaining("证件号码");
    }

    @Test
    void aRefusedFileGetsAnErrorFileInTheFailedFolderWithItsReason() throws Exception {
        String header = ExamSystemCsv.HEADER.replace("身份证号码", "证件号码");
        Path file = ExamSystemCsv.drop(
                inbox, "passed.csv", threePeople().header(header).gb18030());
        FileDrop drop = FileDrop.of("exam-system", file);
        FileIntake intake = intake(10);
        try {
            intake.open(drop.exchange());
        } catch (RejectedFileException e) {
            drop.caught(e); // what the route's onException hands to fail
        }

        assertThatThrownBy(() -> intake.fail(drop.exchange())).isInstanceOf(RejectedFileException.class);

        String error = Files.readString(inbox.resolve("failed/passed.csv.error.txt"), StandardCharsets.UTF_8);
        assertThat(error).contains("header does not match the mapping", "身份证号码");
    }

    @Test
    void citizenIdNumbersInAFailureAreMaskedInTheErrorFile() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        FileDrop drop = FileDrop.of("exam-system", file);
        FileIntake intake = intake(10);
        intake.open(drop.exchange()).next();
        drop.caught(new IllegalStateException("duplicate key value (" + ZHANG + ") violates a constraint"));

        assertThatThrownBy(() -> intake.fail(drop.exchange())).hasMessageNotContaining(ZHANG);

        String error = Files.readString(inbox.resolve("failed/passed.csv.error.txt"), StandardCharsets.UTF_8);
        assertThat(error).contains("duplicate key value").doesNotContain(ZHANG);
    }

    @Test
    void aFileOfAnUnknownSourceIsRefused() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());

        assertThatThrownBy(() -> intake(10).open(FileDrop.of("nobody", file).exchange()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("nobody")
                .hasMessageContaining("no mapping for source");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        Path file = ExamSystemCsv.drop(
                inbox, "passed.csv", ExamSystemCsv.file().people(40, 1).gb18030());

        assertThatThrownBy(() -> intake(10, DataSize.ofKilobytes(1), 1_048_576)
                        .open(FileDrop.of("exam-system", file).exchange()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("certhub.intake.max-file-size");
    }

    @Test
    void aFileThatBreaksOffPartWayHandsOnTheRowsBeforeTheFaultThenFails() throws Exception {
        ExamSystemCsv csv = threePeople()
                .person(4, "赵六", RawRecords.idNumber(15), "A", "2026-11-20")
                .row("5", "很长" + "长".repeat(400));
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", csv.gb18030());
        FileDrop drop = FileDrop.of("exam-system", file);
        FileIntake intake = intake(10, DataSize.ofMegabytes(1), 300);

        Iterator<List<RawRecord>> batches = intake.open(drop.exchange());

        assertThat(batches.next()).extracting(RawRecord::rowNo).containsExactly(2, 3, 4, 5);
        assertThat(batches.hasNext()).isFalse();
        assertThatThrownBy(() -> intake.complete(drop.exchange()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("row 6 is longer than 300 characters");
    }

    @Test
    void anInterruptedFileIsReadOnAfterTheRowsItStoredBefore() throws Exception {
        Path file = ExamSystemCsv.drop(inbox, "passed.csv", threePeople().gb18030());
        List<RawRecord> before =
                intake(2).open(FileDrop.of("exam-system", file).exchange()).next();
        // the hub dies here; the file is still in the inbox when it starts again

        FileDrop again = FileDrop.of("exam-system", file);
        Iterator<List<RawRecord>> batches = intake(2).open(again.exchange());

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
        FileDrop drop = FileDrop.of("exam-system", file);
        FileIntake intake = intake(10);
        intake.open(drop.exchange()).forEachRemaining(batch -> {});
        intake.complete(drop.exchange());
        // the hub dies before the route moves the file out of the inbox

        FileDrop again = FileDrop.of("exam-system", file);
        Iterator<List<RawRecord>> batches = intake.open(again.exchange());

        assertThat(batches.hasNext()).isFalse();
        assertThatCode(() -> intake.complete(again.exchange())).doesNotThrowAnyException();
    }

    /**
     * What the file route hands the intake: the dropped file's headers and the exchange's properties, without a Camel
     * context. Only the calls an intake bean makes are answered; any other fails the test, so that a bean that starts
     * to need more is noticed.
     */
    static final class FileDrop {

        private final Map<String, Object> headers = new HashMap<>();
        private final Map<String, Object> properties = new HashMap<>();
        private final Exchange exchange;

        private FileDrop(String source, Path file) {
            headers.put("certhubSource", source);
            headers.put(Exchange.FILE_PATH, file.toString());
            headers.put(Exchange.FILE_NAME_ONLY, file.getFileName().toString());
            headers.put(Exchange.FILE_PARENT, file.getParent().toString());
            Message in = proxy(Message.class, (method, args) -> switch (method.getName()) {
                case "getHeader" -> value(headers, method, args);
                case "getHeaders" -> headers;
                default -> unanswered(method);
            });
            exchange = proxy(Exchange.class, (method, args) -> switch (method.getName()) {
                case "getIn", "getMessage" -> args == null ? in : unanswered(method);
                case "getProperty" -> value(properties, method, args);
                case "setProperty" -> properties.put((String) args[0], args[1]);
                case "getProperties" -> properties;
                default -> unanswered(method);
            });
        }

        static FileDrop of(String source, Path file) {
            return new FileDrop(source, file);
        }

        Exchange exchange() {
            return exchange;
        }

        /** The exception the route caught, as its error handler sets it before calling {@code fail}. */
        void caught(Exception e) {
            properties.put(Exchange.EXCEPTION_CAUGHT, e);
        }

        private interface Answer {
            Object answer(Method method, Object[] args);
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, Answer answer) {
            return (T) Proxy.newProxyInstance(
                    FileDrop.class.getClassLoader(),
                    new Class<?>[] {type},
                    (self, method, args) -> switch (method.getName()) {
                        case "toString" -> type.getSimpleName() + " of a test file drop";
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        default -> answer.answer(method, args);
                    });
        }

        /** {@code get(name)}, {@code get(name, type)} or {@code get(name, default, type)}, keyed by a String. */
        private static Object value(Map<String, Object> values, Method method, Object[] args) {
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters[0] != String.class) {
                return unanswered(method);
            }
            Object value = values.get((String) args[0]);
            if (parameters.length == 1) {
                return value;
            }
            if (parameters.length == 2 && parameters[1] == Class.class) {
                return ((Class<?>) args[1]).cast(value);
            }
            if (parameters.length == 3 && parameters[1] == Object.class) {
                return ((Class<?>) args[2]).cast(value != null ? value : args[1]);
            }
            return unanswered(method);
        }

        private static Object unanswered(Method method) {
            throw new UnsupportedOperationException("the test's file drop does not answer " + method);
        }
    }
}
