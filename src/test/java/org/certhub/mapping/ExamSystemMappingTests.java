package org.certhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.certhub.catalog.Catalogue;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.testing.ExamSystemCsv;
import org.junit.jupiter.api.Test;

/** The exam system's mapping, as an integrator would check it: raw rows in, canonical data or reasons out. */
class ExamSystemMappingTests {

    private static final Catalogue CATALOGUE = Catalogue.load(Path.of("config/catalog"));
    private static final Mappings MAPPINGS = Mappings.load(Path.of("mappings"), CATALOGUE);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private final Normalizer normalizer = new Normalizer(MAPPINGS, CATALOGUE);
    private final String id = ExamSystemCsv.idNumber("320102", "19800101", 123);

    private Map<String, String> row(String name, String gender, String idNumber, String category, String date) {
        var row = new LinkedHashMap<String, String>();
        String[] header = ExamSystemCsv.HEADER.split(",");
        String[] cells = {
            "1",
            name,
            gender,
            idNumber,
            "江苏建工集团有限公司",
            ExamSystemCsv.creditCode("91320000134751234"),
            category,
            "项目负责人",
            "",
            date,
            ExamSystemCsv.ISSUER
        };
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], cells[i]);
        }
        return row;
    }

    private Normalized.Accepted accepted(Map<String, String> row) {
        Normalized n = normalizer.normalize("exam-system", row, TODAY);
        assertThat(n).isInstanceOf(Normalized.Accepted.class);
        return (Normalized.Accepted) n;
    }

    private Normalized.Rejected rejected(Map<String, String> row) {
        Normalized n = normalizer.normalize("exam-system", row, TODAY);
        assertThat(n).isInstanceOf(Normalized.Rejected.class);
        return (Normalized.Rejected) n;
    }

    @Test
    void acceptsEveryDateFormTheExamSystemWrites() {
        for (String date : new String[] {"2026-10-15", "2026/10/15", "2026-10-15", "2026年10月15日"}) {
            assertThat(accepted(row("张三", "男", id, "B", date)).values()).containsEntry("examDate", "2026-10-15");
        }
        assertThat(accepted(row("张三", "男", id, "B", "2026-9-3")).values()).containsEntry("examDate", "2026-09-03");
    }

    @Test
    void cleansNamesAndIdNumbers() {
        String withX = ExamSystemCsv.idNumber("11010519", "491231", 2);
        var a = accepted(row("  阿卜杜热合曼・买买提 ", "女", withX.toLowerCase(), "ｃ１", "2026-10-15"));
        assertThat(a.values())
                .containsEntry("holderName", "阿卜杜热合曼·买买提")
                .containsEntry("holderIdNumber", withX)
                .containsEntry("category", "C1")
                .containsEntry("gender", "2")
                .containsEntry("birthDate", "1949-12-31");
        String fullWidth = id.chars()
                .mapToObj(c -> Character.toString(Character.isDigit(c) ? c + 0xFEE0 : c))
                .reduce("", String::concat);
        assertThat(accepted(row("𠮷", "男", fullWidth, "A", "2026-10-15")).values())
                .containsEntry("holderIdNumber", id)
                .containsEntry("holderName", "𠮷");
    }

    @Test
    void theBusinessKeyIgnoresTheRowNumber() {
        var first = accepted(row("张三", "男", id, "B", "2026-10-15"));
        var again = row("张三", "男", id, "B", "2026/10/15");
        again.put("序号", "99");
        assertThat(accepted(again).businessKey()).isEqualTo(first.businessKey());
    }

    @Test
    void namesFieldValueAndRuleOfEveryProblem() {
        String badCheck = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        var r = rejected(row("", "男性", badCheck, "D", "2026-02-30"));
        assertThat(r.reasons())
                .extracting(RejectReason::field, RejectReason::rule)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("holderName", "required"),
                        org.assertj.core.groups.Tuple.tuple("gender", "code-table"),
                        org.assertj.core.groups.Tuple.tuple("holderIdNumber", "citizen-id-check"),
                        org.assertj.core.groups.Tuple.tuple("category", "code-table"),
                        org.assertj.core.groups.Tuple.tuple("examDate", "date-format"));
        assertThat(r.reasons())
                .filteredOn(x -> x.field() != null && x.field().equals("holderIdNumber"))
                .singleElement()
                .satisfies(x -> assertThat(x.value()).isEqualTo(badCheck));
        assertThat(r.mappingVersion()).isEqualTo("1");
    }

    @Test
    void checksTheBirthDateInsideTheIdNumber() {
        String first17 = "32010219800230123";
        var r = rejected(row("张三", "男", first17 + CitizenIdNumber.checkCharacter(first17), "B", "2026-10-15"));
        assertThat(r.reasons()).extracting(RejectReason::rule).containsExactly("citizen-id-birth-date");
    }

    @Test
    void refusesAnExamDateInTheFutureAndAnotherIssuer() {
        var future = rejected(row("张三", "男", id, "B", "2027-01-01"));
        assertThat(future.reasons()).extracting(RejectReason::rule).containsExactly("not-in-future");
        var other = row("张三", "男", id, "B", "2026-10-15");
        other.put("发证机关", "浙江省住房和城乡建设厅");
        assertThat(rejected(other).reasons()).extracting(RejectReason::rule).containsExactly("issuer");
    }

    @Test
    void undecodableBytesAreRejectedWithTheirColumn() {
        var r = rejected(row("张\uFFFD", "男", id, "B", "2026-10-15"));
        assertThat(r.reasons())
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("姓名", "encoding"));
    }

    @Test
    void aRowWithExtraColumnsIsRejectedNotTruncated() {
        var wide = row("张三", "男", id, "B", "2026-10-15");
        wide.put("#12", "surplus");
        assertThat(rejected(wide).reasons()).extracting(RejectReason::rule).containsExactly("column-count");
    }
}
