package org.certhub.intake.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowReaderTests {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final List<String> HEADER = Arrays.asList(ExamSystemCsv.HEADER.split(","));

    @TempDir
    Path dir;

    private List<RawRow> readAll(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("f.csv"), content);
        try (var reader = CsvRowReader.open(file, GB18030, HEADER)) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void readsGb18030IncludingCharactersOutsideTheBmp() throws IOException {
        var rows = readAll(ExamSystemCsv.file()
                .row("1", "𠮷", "男")
                .row("2", "阿卜杜热合曼·买买提", "女")
                .gb18030());
        assertThat(rows).extracting(r -> r.values().get("姓名")).containsExactly("𠮷", "阿卜杜热合曼·买买提");
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2, 3);
    }

    @Test
    void readsUtf8WhenTheFileStartsWithABom() throws IOException {
        var rows = readAll(ExamSystemCsv.file().row("1", "𠮷田").utf8WithBom());
        assertThat(rows.get(0).values()).containsEntry("姓名", "𠮷田");
    }

    @Test
    void aUtf8FileWithoutBomFailsOnItsHeaderWithAHint() {
        byte[] utf8 = ExamSystemCsv.file().row("1", "张三").text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(utf8))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("表头与映射不符")
                .hasMessageContaining("BOM");
    }

    @Test
    void aWrongHeaderIsRefusedWhole() {
        assertThatThrownBy(() -> readAll(
                        ExamSystemCsv.file().header("序号,姓名").row("1", "张三").gb18030()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 1 行应为 [序号, 姓名, 性别,")
                .hasMessageContaining("第 3 列应为“性别”");
    }

    @Test
    void aRefusedFilesFirstLineNeverAppearsInTheError() {
        // a link to a password file, dropped into the inbox: its first line must not reach the error text
        byte[] secret = "keystore.password=Zq9-hunter2\nkey.alias=seal\n".getBytes(GB18030);
        assertThatThrownBy(() -> readAll(secret))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("表头与映射不符")
                .hasMessageContaining("第 1 行应为 [序号, 姓名,")
                .hasMessageContaining("第 1 列应为“序号”")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("keystore");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> readAll(new byte[0])).hasMessageContaining("文件为空");
    }

    @Test
    void bytesThatAreNotGb18030AreMarkedInTheirRowOnly() throws IOException {
        byte[] good = ExamSystemCsv.file().row("1", "张三").gb18030();
        byte[] bad = {'2', ',', (byte) 0x81, (byte) 0x20, '\r', '\n'};
        byte[] content = new byte[good.length + bad.length];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(bad, 0, content, good.length, bad.length);
        var rows = readAll(content);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values().get("姓名")).isEqualTo("张三");
        assertThat(rows.get(1).values().get("姓名")).contains("\uFFFD");
    }

    @Test
    void extraColumnsAreKeptUnderTheirPosition() throws IOException {
        var rows = readAll(ExamSystemCsv.file()
                .row("1", "张三", "男", "x", "x", "x", "x", "x", "x", "x", "x", "extra")
                .gb18030());
        assertThat(rows.get(0).values()).containsEntry("#12", "extra").hasSize(12);
    }

    @Test
    void aRowLongerThanTheCapIsRefusedByItsRowNumberAfterTheRowsBeforeIt() throws IOException {
        String longName = "张".repeat(5000);
        byte[] content = ExamSystemCsv.file()
                .row("1", "张三")
                .row("2", longName)
                .row("3", "李四")
                .gb18030();
        Path file = Files.write(dir.resolve("long.csv"), content);
        var rows = new ArrayList<RawRow>();
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 4000)) {
            assertThatThrownBy(() -> reader.forEachRemaining(rows::add))
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("第 3 行超过 4000 个字符");
        }
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2);
    }

    @Test
    void aQuotedFieldWithLineBreaksCountsAsOneRowAndAnEscapedQuoteDoesNotEndIt() throws IOException {
        String text = ExamSystemCsv.HEADER + "\r\n1,\"张\"\"三\r\n" + "x".repeat(3000) + "\"\r\n2,李四\r\n";
        Path file = Files.write(dir.resolve("quoted.csv"), text.getBytes(GB18030));
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 2000)) {
            assertThatThrownBy(() -> reader.forEachRemaining(r -> {})).hasMessageContaining("第 2 行超过 2000 个字符");
        }
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 4000)) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).extracting(r -> r.values().get("姓名")).containsExactly("张\"三\r\n" + "x".repeat(3000), "李四");
        }
    }

    @Test
    void aStrayQuoteInsideAnUnquotedFieldDoesNotCountTheRestOfTheFileAsOneRow() throws IOException {
        // the parser reads 某某"建设有限公司 as text: a quote opens a quoted field only as a field's first character
        String company = "某某\"建设有限公司";
        byte[] content = ExamSystemCsv.file()
                .row("1", "张三", "男", "320102198001011237", company, "x", "A", "x", "x", "2026-10-15", "x")
                .people(11_999, 7)
                .gb18030();
        Path file = Files.write(dir.resolve("stray-quote.csv"), content);
        var rows = new ArrayList<RawRow>();
        // every row is far shorter than 1,000 characters; the file is 12,000 rows of them
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 1000)) {
            reader.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(12_000);
        assertThat(rows.get(0).values()).containsEntry("企业名称", company);
        assertThat(rows.get(11_999).rowNo()).isEqualTo(12_001);
        assertThat(rows.get(11_999).values()).containsEntry("姓名", "测试人员11998");
    }

    @Test
    void escapedQuotesAndSpaceAfterAClosingQuoteAreCountedAsTheParserReadsThem() throws IOException {
        // "a""b" is a""b with an escaped quote; "x" , is a quoted field with white space before the delimiter
        String text = ExamSystemCsv.HEADER + "\r\n1,\"张\"\"三\" ,\"男\"\r\n2,李\"四\r\n" + "3,王五\r\n".repeat(200);
        Path file = Files.write(dir.resolve("quotes.csv"), text.getBytes(GB18030));
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 100)) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).hasSize(202);
            assertThat(rows.get(0).values()).containsEntry("姓名", "张\"三").containsEntry("性别", "男");
            assertThat(rows.get(1).values()).containsEntry("姓名", "李\"四");
        }
    }

    @Test
    void aLoneCarriageReturnEndsARowForTheCapAsForTheParser() throws IOException {
        String text = ExamSystemCsv.HEADER + "\r" + "1,张三\r".repeat(300);
        Path file = Files.write(dir.resolve("cr.csv"), text.getBytes(GB18030));
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 200)) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).hasSize(300);
        }
    }

    @Test
    void aQuotedFieldLongerThanTheCapAfterAStrayQuoteStillFailsWithItsRowNumber() throws IOException {
        String text = ExamSystemCsv.HEADER + "\r\n1,张\"三\r\n2,李四\r\n3,\"王\r\n" + "五".repeat(3000) + "\"\r\n4,赵六\r\n";
        Path file = Files.write(dir.resolve("long-quoted.csv"), text.getBytes(GB18030));
        var rows = new ArrayList<RawRow>();
        try (var reader = CsvRowReader.open(file, GB18030, HEADER, 1000)) {
            assertThatThrownBy(() -> reader.forEachRemaining(rows::add))
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("第 4 行超过 1000 个字符");
        }
        assertThat(rows).extracting(RawRow::rowNo).containsExactly(2, 3);
    }

    @Test
    void aFileCutInsideAQuotedFieldFailsAfterTheRowsBeforeIt() throws IOException {
        byte[] content = (ExamSystemCsv.HEADER + "\r\n1,张三\r\n2,\"李").getBytes(GB18030);
        Path file = Files.write(dir.resolve("cut.csv"), content);
        var rows = new ArrayList<RawRow>();
        try (var reader = CsvRowReader.open(file, GB18030, HEADER)) {
            assertThatThrownBy(() -> reader.forEachRemaining(rows::add))
                    .isInstanceOf(RejectedFileException.class)
                    .hasMessageContaining("第 3 行附近");
        }
        assertThat(rows).hasSize(1);
    }

    @Test
    void aUtf16FileIsRefusedWithTheEncodingsThatAreAccepted() {
        byte[] utf16 = ExamSystemCsv.file().row("1", "张三").text().getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertThatThrownBy(() -> readAll(utf16))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("UTF-16")
                .hasMessageContaining("GB18030");
    }
}
