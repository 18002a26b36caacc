package org.certhub.testing;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.codes.CreditCode;

/** Builds exam-system CSV files the way the exam system writes them: GB18030 (or UTF-8 with a BOM), CRLF. */
public final class ExamSystemCsv {

    public static final String HEADER = "序号,姓名,性别,身份证号码,企业名称,企业统一社会信用代码,岗位类别,职务,技术职称,考核合格日期,发证机关";
    public static final String ISSUER = "江苏省住房和城乡建设厅";

    private final List<String> lines = new ArrayList<>();
    private String header = HEADER;

    public static ExamSystemCsv file() {
        return new ExamSystemCsv();
    }

    /** A valid citizen ID number born on the given yyyyMMdd, with sequence code seq (odd: male). */
    public static String idNumber(String area, String birth, int seq) {
        String first17 = area + birth + "%03d".formatted(seq);
        return first17 + CitizenIdNumber.checkCharacter(first17);
    }

    public static String creditCode(String first17) {
        return first17 + CreditCode.checkCharacter(first17);
    }

    public ExamSystemCsv header(String header) {
        this.header = header;
        return this;
    }

    public ExamSystemCsv row(String... cells) {
        lines.add(String.join(",", cells));
        return this;
    }

    /** A valid row for a person; the business key is (id number, category, exam date). */
    public ExamSystemCsv person(int no, String name, String idNumber, String category, String examDate) {
        return row(
                Integer.toString(no),
                name,
                (idNumber.charAt(16) - '0') % 2 == 1 ? "男" : "女",
                idNumber,
                "江苏建工集团有限公司",
                creditCode("91320000134751234"),
                category,
                "项目负责人",
                "工程师",
                examDate,
                ISSUER);
    }

    /** n valid rows with distinct people. */
    public ExamSystemCsv people(int n, long seed) {
        var random = new Random(seed);
        String[] categories = {"A", "B", "C1", "C2", "C3"};
        for (int i = 0; i < n; i++) {
            String birth =
                    "19%02d%02d%02d".formatted(60 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28));
            person(
                    lines.size() + 1,
                    "测试人员" + i,
                    idNumber("320102", birth, random.nextInt(1000)),
                    categories[random.nextInt(categories.length)],
                    "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10));
        }
        return this;
    }

    /**
     * n valid rows of people numbered {@code from} to {@code from + n - 1}, whose identity card numbers are distinct for
     * distinct numbers (random people may share one, which the hub rightly takes for the same person).
     */
    public ExamSystemCsv numberedPeople(int from, int n) {
        String[] categories = {"A", "B", "C1", "C2", "C3"};
        var start = java.time.LocalDate.of(1960, 1, 1);
        for (int i = from; i < from + n; i++) {
            String birth = start.plusDays(i / 1000).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            person(
                    lines.size() + 1,
                    "测试人员" + i,
                    idNumber("320102", birth, i % 1000),
                    categories[i % categories.length],
                    "2026-0" + (1 + i % 9) + "-1" + i % 10);
        }
        return this;
    }

    public String text() {
        var sb = new StringBuilder(header).append("\r\n");
        lines.forEach(l -> sb.append(l).append("\r\n"));
        return sb.toString();
    }

    public byte[] gb18030() {
        return text().getBytes(Charset.forName("GB18030"));
    }

    public byte[] utf8WithBom() {
        byte[] body = text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /** Writes the file as the exam system does: to a temporary name, then renamed into the inbox. */
    public static Path drop(Path inbox, String name, byte[] content) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".part");
        Files.write(tmp, content);
        return Files.move(tmp, inbox.resolve(name));
    }
}
