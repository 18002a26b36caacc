package org.certhub.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CheckDigitsTests {

    @Test
    void citizenIdCheckCharacterFollowsGb11643() {
        // The standard's own example number.
        assertThat(CitizenIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(CitizenIdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
    }

    @Test
    void citizenIdBirthDateMustBeARealDate() {
        assertThat(CitizenIdNumber.birthDate("11010519491231002X")).contains(LocalDate.of(1949, 12, 31));
        assertThat(CitizenIdNumber.birthDate("110105194902300021")).isEmpty();
    }

    @Test
    void maskedIdShowsFirstThreeAndLastFour() {
        assertThat(CitizenIdNumber.mask("11010519491231002X")).isEqualTo("110***********002X");
    }

    @Test
    void creditCodeCheckCharacterFollowsGb32100() {
        // Real credit codes quoted in GB/T 36904 identifiers.
        assertThat(CreditCode.isValid("11100000000013338W")).isTrue();
        assertThat(CreditCode.isValid("11430000006122244L")).isTrue();
        assertThat(CreditCode.isValid("91350100M000100Y43")).isTrue();
        assertThat(CreditCode.isValid("11100000000013338X")).isFalse();
        assertThat(CreditCode.isValid("1110000000001333IW")).isFalse();
    }
}
