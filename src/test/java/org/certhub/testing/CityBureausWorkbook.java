package org.certhub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Builds the workbooks the city bureaus drop (renewals and changes of safety-management staff certificates), with
 * an instructions sheet first, as the bureaus' template has. {@link #main} writes the demo file and the mapping's
 * samples: {@code docs/samples/city-bureaus-demo.xlsx}, {@code mappings/samples/city-bureaus/demo.xlsx} and
 * {@code mappings/samples/city-bureaus/excel-97.xls}.
 */
public final class CityBureausWorkbook {

    public static final String SHEET = "延续变更";
    public static final Object[] HEADER = {
        "序号", "申请编号", "业务类型", "证书编号", "姓名", "身份证号码", "企业名称", "企业统一社会信用代码", "职务", "受理日期", "受理机关"
    };

    private final Xlsx xlsx = Xlsx.workbook()
            .sheet("填表说明")
            .row("业务类型填写“延续”或“变更”；证书编号须与证书上一致；变更只填写变更后的企业名称、信用代码或职务。")
            .sheet(SHEET)
            .row(HEADER);
    private int serial;

    public static CityBureausWorkbook workbook() {
        return new CityBureausWorkbook();
    }

    /**
     * A request row; {@code applicationNo} may be text or a {@link Xlsx#formatted} number, {@code accepted} a
     * {@link LocalDate} (a date cell) or text.
     */
    public CityBureausWorkbook request(
            Object applicationNo,
            String operation,
            String number,
            String name,
            String idNumber,
            String company,
            String creditCode,
            String position,
            Object accepted) {
        xlsx.row(
                ++serial,
                applicationNo,
                operation,
                number,
                name,
                idNumber,
                company,
                creditCode,
                position,
                accepted,
                "南京市城乡建设局");
        return this;
    }

    public CityBureausWorkbook emptyRow() {
        xlsx.skipRow();
        return this;
    }

    public byte[] bytes() {
        return xlsx.bytes();
    }

    /** The workbook saved as Excel 97–2003 {@code .xls}. */
    public byte[] xls() {
        return xlsx.xls();
    }

    /**
     * The demo: requests on the three certificates that the exam system's demo file issues in 2026 (numbers
     * 苏建安B(2026)0000001, 苏建安C1(2026)0000001, 苏建安A(2026)0000001).
     */
    public static byte[] demo() {
        String zhang = "320102198001011238";
        return workbook()
                .request(
                        "SQ20261120001",
                        "延续",
                        "苏建安B(2026)0000001",
                        "张三",
                        zhang,
                        "江苏建工集团有限公司",
                        "913200001347512345",
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                .request(
                        "SQ20261120002",
                        "变更",
                        "苏建安C1（2026）0000001",
                        "𠮷田",
                        "320102199002021248",
                        "南京新城建设有限公司",
                        ExamSystemCsv.creditCode("91320100MA1X2Y3W4"),
                        "技术负责人",
                        "2026/11/20")
                .emptyRow()
                .request(
                        "SQ20261120003",
                        "延续",
                        "苏建安A(2026)0099999",
                        "王小明",
                        "320102198807071234",
                        "江苏建工集团有限公司",
                        "913200001347512345",
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                .request(
                        "SQ20261120004",
                        "变更",
                        "苏建安A(2026)0000001",
                        "阿卜杜热合曼·买买提",
                        "650102198503031251",
                        "新疆建工有限公司",
                        "91650100134751234T",
                        "科长",
                        LocalDate.of(2026, 11, 21))
                // the first request sent again by the bureau
                .request(
                        "SQ20261120001",
                        "延续",
                        "苏建安B(2026)0000001",
                        "张三",
                        zhang,
                        "江苏建工集团有限公司",
                        "913200001347512345",
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                .bytes();
    }

    /**
     * A bureau that still saves as Excel 97–2003 and keeps application numbers as numbers shown with leading zeros
     * ({@code 000000000}): the second request is the first sent again with the number typed as text, and has the
     * same business key.
     */
    public static byte[] excel97() {
        String zhang = "320102198001011238";
        return workbook()
                .request(
                        Xlsx.formatted(2611001, "000000000"),
                        "延续",
                        "苏建安B(2026)0000001",
                        "张三",
                        zhang,
                        "江苏建工集团有限公司",
                        "913200001347512345",
                        "项目负责人",
                        LocalDate.of(2026, 11, 20))
                .request(
                        "002611001",
                        "延续",
                        "苏建安B(2026)0000001",
                        "张三",
                        zhang,
                        "江苏建工集团有限公司",
                        "913200001347512345",
                        "项目负责人",
                        Xlsx.formatted(LocalDate.of(2026, 11, 20), "yyyy\"年\"m\"月\"d\"日\""))
                .xls();
    }

    public static void main(String[] args) throws IOException {
        byte[] demo = demo();
        Files.write(Path.of("docs/samples/city-bureaus-demo.xlsx"), demo);
        Files.createDirectories(Path.of("mappings/samples/city-bureaus"));
        Files.write(Path.of("mappings/samples/city-bureaus/demo.xlsx"), demo);
        Files.write(Path.of("mappings/samples/city-bureaus/excel-97.xls"), excel97());
    }
}
