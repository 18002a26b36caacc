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
}
