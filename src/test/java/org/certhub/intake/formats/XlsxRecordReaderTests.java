package org.certhub.intake.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.certhub.testing.Xlsx;
import org.certhub.testing.XlsxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRecordReaderTests {

    private static final List<String> HEADER = List.of("序号", "姓名", "日期", "金额");

    @TempDir
    Path dir;

    private List<RawRow> readAll(byte[] content, String sheet) throws IOException {
        Path file = Files.write(dir.resolve("f.xlsx"), content);
        try (var reader = XlsxRecordReader.open(file, HEADER, sheet)) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            return rows;
        }
    }

    private static Xlsx withHeader() {
        return Xlsx.workbook().sheet("Sheet1").row(HEADER.toArray());
    }

    @Test
    void readsRowsWithTheSpreadsheetsRowNumbersAndSkipsEmptyRows() throws IOException {
        byte[] xlsx = withHeader()
                .row("1", "张三", "2026-10-15", "100")
                .skipRow()
                .skipRow()
                .row("2", "𠮷田", "2026年9月3日", "200")
                .bytes();
        var rows = readAll(xlsx, null);
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2, 5);
        assertThat(rows.get(1).values())
                .containsExactly(
                        java.util.Map.entry("序号", "2"),
                        java.util.Map.entry("姓名", "𠮷田"),
                        java.util.Map.entry("日期", "2026年9月3日"),
                        java.util.Map.entry("金额", "200"));
    }

    @Test
    void dateCellsBecomeIsoDatesAndNumbersPlainText() throws IOException {
        byte[] xlsx = withHeader()
                .row(1, "张三", LocalDate.of(2026, 10, 15), 12345678901L)
                .row(2.0, "李四", LocalDate.of(1999, 12, 31), 0.1 + 0.2)
                .row(3, "王五", 46310, 1e-5)
                .bytes();
        var rows = readAll(xlsx, null);
        assertThat(rows).extracting(r -> r.values().get("序号")).containsExactly("1", "2", "3");
        assertThat(rows).extracting(r -> r.values().get("日期")).containsExactly("2026-10-15", "1999-12-31", "46310");
        assertThat(rows).extracting(r -> r.values().get("金额")).containsExactly("12345678901", "0.3", "0.00001");
    }

    @Test
    void missingCellsAreEmptyAndCellsBeyondTheHeaderAreKeptByPosition() throws IOException {
        byte[] xlsx =
                withHeader().row("1", null, null, "5", null, "extra").row("2").bytes();
        var rows = readAll(xlsx, null);
        assertThat(rows.get(0).values())
                .containsEntry("姓名", "")
                .containsEntry("#6", "extra")
                .hasSize(5);
        assertThat(rows.get(1).values())
                .containsEntry("序号", "2")
                .containsEntry("金额", "")
                .hasSize(4);
    }

    @Test
    void aSheetIsChosenByName() throws IOException {
        byte[] xlsx = Xlsx.workbook()
                .sheet("说明")
                .row("请在第二个工作表填写")
                .sheet("数据")
                .row(HEADER.toArray())
                .row("7", "赵六", "", "")
                .bytes();
        assertThat(readAll(xlsx, "数据")).extracting(r -> r.values().get("姓名")).containsExactly("赵六");
        assertThatThrownBy(() -> readAll(xlsx, "名单"))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("没有名为“名单”的工作表")
                // the sheets it has are the file's content, which an error never quotes
                .hasMessageNotContaining("说明");
        // without a name, the first sheet: whose first row is not the header
        assertThatThrownBy(() -> readAll(xlsx, null)).hasMessageContaining("表头与映射不符");
    }

    @Test
    void aWrongHeaderIsRefusedWholeNamingTheExpectedHeaderAndQuotingNothingOfTheRow() {
        byte[] xlsx = Xlsx.workbook()
                .skipRow()
                .row("序号", "张三", "320102198001011237", "keystore.password=Zq9-hunter2")
                .bytes();
        assertThatThrownBy(() -> readAll(xlsx, null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("表头与映射不符")
                .hasMessageContaining("第 2 行应为 [序号, 姓名, 日期, 金额]")
                .hasMessageContaining("第 2 列应为“姓名”")
                .hasMessageNotContaining("张三")
                .hasMessageNotContaining("320102")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aFileThatIsNoWorkbookIsRefusedWithoutQuotingIt() {
        for (String text : List.of("keystore.password=Zq9-hunter2\n", "PK\u0003\u0004keystore.password=Zq9-hunter2")) {
            assertThatThrownBy(() -> readAll(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null))
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("不是有效的 XLSX 文件")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void aStreamIsSpooledToATemporaryFileThatIsDeletedOnClose() throws IOException {
        byte[] xlsx = withHeader().row("1", "张三", "", "").bytes();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        var before = spooled(tmp);
        try (var reader = Workbooks.open(new ByteArrayInputStream(xlsx), HEADER, null)) {
            assertThat(reader.next().values()).containsEntry("姓名", "张三");
        }
        assertThat(spooled(tmp)).isEqualTo(before);
        assertThatThrownBy(() -> Workbooks.open(new ByteArrayInputStream("not a zip".getBytes()), HEADER, null))
                .isInstanceOf(RejectedFileException.class);
        assertThat(spooled(tmp)).isEqualTo(before);
    }

    private static List<Path> spooled(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("certhub-")
                            && p.getFileName().toString().endsWith(".workbook"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aTruncatedWorkbookIsRefused() {
        byte[] xlsx = withHeader().row("1", "张三", "", "").bytes();
        assertThatThrownBy(() -> readAll(Arrays.copyOf(xlsx, xlsx.length / 2), null))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("不是有效的 XLSX 文件");
    }

    @Test
    void aZipBombIsRefusedAfterTheRowsBeforeIt() throws IOException {
        Path file = dir.resolve("bomb.xlsx");
        XlsxFiles.zipBomb(withHeader().row("1", "张三", "", "").bytes(), file, 20 << 20);
        var rows = new ArrayList<RawRow>();
        assertThatThrownBy(() -> {
                    try (var reader = XlsxRecordReader.open(file, HEADER, null)) {
                        reader.forEachRemaining(rows::add);
                    }
                })
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("压缩炸弹");
        assertThat(rows).extracting(r -> r.values().get("姓名")).containsExactly("张三");
    }

    @Test
    void aDamagedSheetFailsAfterTheRowsThatCouldBeRead() throws IOException {
        Path file = dir.resolve("damaged.xlsx");
        XlsxFiles.replaceSheetTail(
                withHeader().row("1", "张三", "", "").row("2", "李四", "", "").bytes(),
                file,
                "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>3</t></is></c><c r=\"B4\"");
        var rows = new ArrayList<RawRow>();
        assertThatThrownBy(() -> {
                    try (var reader = XlsxRecordReader.open(file, HEADER, null)) {
                        reader.forEachRemaining(rows::add);
                    }
                })
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 4 行附近");
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2, 3);
    }

    @Test
    void columnReferences() {
        assertThat(XlsxRecordReader.columnOf("A1")).isZero();
        assertThat(XlsxRecordReader.columnOf("Z9")).isEqualTo(25);
        assertThat(XlsxRecordReader.columnOf("AB12")).isEqualTo(27);
    }
}
