package org.certhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.certhub.codes.CitizenIdNumber;
import org.junit.jupiter.api.Test;

class MaskingTests {

    @Test
    void masksIdNumbersInAnyTextThatLeavesTheHub() {
        assertThat(CitizenIdNumber.maskWithin("VALUES ('11010519491231002X|B|2026-10-15')"))
                .isEqualTo("VALUES ('110***********002X|B|2026-10-15')");
        assertThat(CitizenIdNumber.maskWithin("old 15-digit 110105491231002 here"))
                .doesNotContain("110105491231002");
        assertThat(CitizenIdNumber.maskWithin("全角１１０１０５１９４９１２３１００２Ｘ")).doesNotContain("１９４９１２３１");
        assertThat(CitizenIdNumber.maskWithin("row 12, 2026-10-15, 苏建安B(2026)0000001"))
                .isEqualTo("row 12, 2026-10-15, 苏建安B(2026)0000001");
    }

    @Test
    void masksIdNumbersWrittenInGroups() {
        assertThat(CitizenIdNumber.maskWithin("身份证号 320102 19800101 1234 有误"))
                .isEqualTo("身份证号 320*** ******** 1234 有误");
        assertThat(CitizenIdNumber.maskWithin("id=320102-19800101-123X;")).isEqualTo("id=320***-********-123X;");
        assertThat(CitizenIdNumber.maskWithin("320102-19800101-123-X")).isEqualTo("320***-********-123-X");
        assertThat(CitizenIdNumber.maskWithin("3201 0219 8001 0112 34")).isEqualTo("320* **** **** **12 34");
        assertThat(CitizenIdNumber.maskWithin("旧证 320102 800101 123")).isEqualTo("旧证 320*** ****** 123");
        assertThat(CitizenIdNumber.maskWithin("３２０１０２－１９８００１０１－１２３Ｘ")).isEqualTo("３２０***－********－１２３Ｘ");
        assertThat(CitizenIdNumber.maskWithin("３２０１０２　１９８００１０１　１２３４")).doesNotContain("１９８００１０１");
        assertThat(CitizenIdNumber.maskWithin("row 5 320102 19800101 1234")).isEqualTo("row 5 320*** ******** 1234");
    }

    @Test
    void masksMistypedIdNumbersToo() {
        // one digit too many or too few is still somebody's ID number
        assertThat(CitizenIdNumber.maskWithin("值 3201021980010112345 不是 18 位")).doesNotContain("19800101");
        assertThat(CitizenIdNumber.maskWithin("值 32010219800101123 不是 18 位")).doesNotContain("19800101");
    }

    @Test
    void leavesOrdinaryNumbersAlone() {
        for (String text : new String[] {
            "苏建安A(2026)0000001",
            "苏建安C3(2026)0999999 暂扣",
            "2026-10-15 至 2029-10-14",
            "2026-12-07T03:26:06.123+08:00 row 10603",
            "20261207032606",
            "电话 13800138000 或 025-8888-8888，+86 138 0013 8000",
            "13800138000 13900139000",
            "licence 11100000000013338W0113201002026000001",
            "exchange 550e8400-e29b-41d4-a716-446655440000",
            "12345678-1234-1234-1234-123456789012",
            "统一社会信用代码 91320000MA1W2X3Y4K",
            "rows 100 200 300",
            "file exam-2026-12-07.csv, 200 rows, 1 048 576 characters"
        }) {
            assertThat(CitizenIdNumber.maskWithin(text)).as(text).isEqualTo(text);
        }
    }
}
