package org.certhub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NumberRuleTests {

    private final NumberRule rule = new NumberRule("苏建安{category}({year}){serial:7}");

    @Test
    void formatsTheJiangsuSafetyManagementNumber() {
        assertThat(rule.format(Map.of("category", "B", "year", "2026"), 1)).isEqualTo("苏建安B(2026)0000001");
        assertThat(rule.format(Map.of("category", "C3", "year", "2015"), 1234567))
                .isEqualTo("苏建安C3(2015)1234567");
    }

    @Test
    void serialsCountPerCategoryAndYear() {
        assertThat(rule.scope(Map.of("category", "B", "year", "2026")))
                .isNotEqualTo(rule.scope(Map.of("category", "C1", "year", "2026")))
                .isNotEqualTo(rule.scope(Map.of("category", "B", "year", "2027")));
        assertThat(rule.placeholders()).containsExactly("category", "year");
    }

    @Test
    void aSerialThatNoLongerFitsIsAnError() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> rule.format(Map.of("category", "B", "year", "2026"), 10_000_000));
    }

    @Test
    void aRuleWithoutSerialIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NumberRule("苏建安{category}"))
                .withMessageContaining("{serial:N}");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NumberRule("{serial}"))
                .withMessageContaining("width");
    }
}
