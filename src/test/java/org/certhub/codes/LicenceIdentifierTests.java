package org.certhub.codes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LicenceIdentifierTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S",
                "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
                "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3",
                "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
                "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9"
            })
    void realIdentifiersParseAndRoundTrip(String real) {
        assertThat(LicenceIdentifier.parse(real).toString()).isEqualTo(real);
    }

    @Test
    void aWrongCheckCharacterIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LicenceIdentifier.parse(
                        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.T"))
                .withMessageContaining("expected S");
    }

    @Test
    void aNewVersionGetsItsOwnCheckCharacter() {
        var v1 = LicenceIdentifier.parse("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S");
        var v3 = v1.withVersion(3);
        assertThat(v3.toString())
                .startsWith("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.003.");
        assertThat(LicenceIdentifier.parse(v3.toString())).isEqualTo(v3);
    }

    @Test
    void checkCharacterCoversTheWrapAroundCase() {
        // p == 0 after the addition must wrap to 36; a string whose running sum hits it exercises that branch.
        for (int i = 0; i < 2000; i++) {
            char c = LicenceIdentifier.mod3736(Integer.toString(i, 36).toUpperCase());
            assertThat(c).matches(ch -> Character.isDigit(ch) || (ch >= 'A' && ch <= 'Z'));
        }
    }

    @Test
    void lowerCaseSegmentsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LicenceIdentifier("abc", "X", "1", 1));
    }
}
