package org.certhub.intake.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certhub.testing.Xlsx.formatted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.mapping.SourceMapping;
import org.certhub.testing.Xlsx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spreadsheet cells read as the clerk sees them in Excel, through each cell's number format: the same workbook
 * gives the same text whether it was saved as XLSX or as Excel 97–2003 {@code .xls}.
 */
class WorkbookCellsTests {

    /** The two formats a workbook arrives in, under the names bureaus give them. */
    enum Saved {
        XLSX(".xlsx"),
        XLS(".xls");

        final String suffix;

        Saved(String suffix) {
            this.suffix = suffix;
        }

        byte[] bytes(Xlsx workbook) {
            return this == XLSX ? workbook.bytes() : workbook.xls();
        }
    }

    private static final List<String> HEADER = List.of("申请编号", "值", "说明");
    private static final SourceMapping.Format FORMAT = new SourceMapping.Format("xlsx", null, HEADER, null, null);

    @TempDir
    Path dir;

    private List<Map<String, String>> read(Xlsx workbook, Saved saved) throws IOException {
        Path file = Files.write(dir.resolve("requests" + saved.suffix), saved.bytes(workbook));
        try (var reader = RecordReaders.open(file, FORMAT)) {
            var rows = new ArrayList<Map<String, String>>();
            reader.forEachRemaining(r -> rows.add(r.values()));
            return rows;
        }
    }

    private static Xlsx withHeader() {
        return Xlsx.workbook().sheet("延续变更").row(HEADER.toArray());
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void anApplicationNumberWithLeadingZerosReadsAsTheClerkSeesItTheSameAsTypedAsText(Saved saved) throws IOException {
        Xlsx workbook = withHeader()
                .row(formatted(2611001, "000000000"), "", "a number shown as 002611001")
                .row("002611001", "", "the same number typed as text");
        assertThat(read(workbook, saved)).extracting(r -> r.get("申请编号")).containsExactly("002611001", "002611001");
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void numbersAreShownThroughTheirFormat(Saved saved) throws IOException {
        Xlsx workbook = withHeader()
                .row("1", formatted(0.15, "0%"), "percentage")
                .row("2", formatted(0.1234, "0.00%"), "percentage with decimals")
                .row("3", formatted(1234567, "#,##0"), "thousands separator (built-in format 3)")
                .row("4", formatted(1234567.891, "#,##0.00"), "thousands and decimals (built-in format 4)")
                .row("5", formatted(-1234, "#,##0_);(#,##0)"), "negative in brackets, padding dropped")
                .row("6", formatted(7, "\"第\"0\"号\""), "literal text around the number")
                .row("7", formatted(12.5, "@"), "a number in a cell formatted as text")
                .row("8", 13912345678L, "General: as typed, not 1.39123E+10")
                .row("9", formatted(0, ";;;"), "a format that hides the value does not hide it from the hub");
        assertThat(read(workbook, saved))
                .extracting(r -> r.get("值"))
                .containsExactly(
                        "15%", "12.34%", "1,234,567", "1,234,567.89", "(1,234)", "第7号", "12.5", "13912345678", "0");
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void datesInAnyBuiltInOrCustomFormatBecomeIsoDates(Saved saved) throws IOException {
        LocalDate day = LocalDate.of(2026, 11, 20);
        Xlsx workbook = withHeader()
                .row("1", formatted(day, "m/d/yy"), "built-in 14, the system's short date")
                .row("2", formatted(day, "yyyy\"年\"m\"月\"d\"日\""), "Chinese custom format")
                .row("3", formatted(day, "[$-F800]dddd, mmmm dd, yyyy"), "the system's long date")
                .row("4", formatted(day, "yyyy/mm/dd"), "custom")
                .row("5", formatted(LocalDateTime.of(2026, 11, 20, 8, 30), "yyyy-mm-dd hh:mm"), "date and time")
                .row("6", day, "the builder's default, yyyy/m/d")
                .row("7", Xlsx.builtIn(day, 31), "built-in 31, by number only: yyyy\"年\"m\"月\"d\"日\" in Chinese Excel")
                .row("8", Xlsx.builtIn(day, 57), "built-in 57: yyyy\"年\"m\"月\" in Chinese Excel")
                .row("9", Xlsx.builtIn(8.5 / 24, 32), "built-in 32, a time of day: h\"时\"mm\"分\" in Chinese Excel")
                .row("10", formatted(8.5 / 24, "h:mm"), "a time of day")
                .row("11", Xlsx.builtIn(46346, 23), "built-in 23, no format in any Excel: the number");
        assertThat(read(workbook, saved))
                .extracting(r -> r.get("值"))
                .containsExactly(
                        "2026-11-20",
                        "2026-11-20",
                        "2026-11-20",
                        "2026-11-20",
                        "2026-11-20T08:30",
                        "2026-11-20",
                        "2026-11-20",
                        "2026-11-20",
                        "08:30",
                        "08:30",
                        "46346");
    }

    @ParameterizedTest
    @EnumSource(Saved.class)
    void formulasBooleansAndErrorsReadAsTheirShownValue(Saved saved) throws IOException {
        Xlsx workbook = withHeader()
                .row("1", Xlsx.formula("TEXT(2611001,\"000000000\")"), "a formula's text result")
                .row("2", Xlsx.formula("2611000+1"), "a formula's number result")
                .row("3", true, "a boolean")
                .row("4", Xlsx.formula("1/0"), "an error");
        assertThat(read(workbook, saved))
                .extracting(r -> r.get("值"))
                .containsExactly("002611001", "2611001", "TRUE", "#DIV/0!");
    }
}
