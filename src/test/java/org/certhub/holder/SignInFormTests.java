package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.Test;

class SignInFormTests {

    private static final String ID = RawRecords.idNumber(11);

    @Test
    void whatAPhoneTypesIsReadAsTheLibraryKeepsIt() {
        String fullWidth = ID.chars()
                .mapToObj(c -> String.valueOf(Character.isDigit(c) ? (char) (c - '0' + '０') : (char) c))
                .reduce("", String::concat);
        var form = SignInForm.of(
                " " + fullWidth.substring(0, 6) + " " + fullWidth.substring(6), " 张三 ", "苏建安A（2026） 0000001");

        assertThat(form.idNumber()).isEqualTo(ID);
        assertThat(form.name()).isEqualTo("张三");
        assertThat(form.number()).isEqualTo("苏建安A(2026)0000001");
        assertThat(form.problem()).isEmpty();
        assertThat(SignInForm.idNumber("32010219800101001x")).isEqualTo("32010219800101001X");
    }

    @Test
    void aFormWithSomethingMissingTooLongOrNoIdNumberSaysSoWithoutLookingAnythingUp() {
        assertThat(SignInForm.of(ID, "", "苏建安A(2026)0000001").problem()).contains("holder.problem.missing");
        assertThat(SignInForm.of(null, "张三", "x").problem()).contains("holder.problem.missing");
        assertThat(SignInForm.of(ID, "张".repeat(101), "x").problem()).contains("holder.problem.tooLong");
        // a wrong check character is a typing error, not a holder that does not exist
        String wrongCheck = ID.substring(0, 17) + (ID.charAt(17) == '1' ? '2' : '1');
        assertThat(SignInForm.of(wrongCheck, "张三", "x").problem()).contains("holder.problem.idNumber");
        assertThat(SignInForm.of("12345", "张三", "x").problem()).contains("holder.problem.idNumber");
    }

    @Test
    void thePairIsCountedAsTheSameHoweverTheNameIsTyped() {
        String key = SignInForm.of(ID, "阿卜杜·热合曼", "a").pairKey();

        assertThat(SignInForm.of(ID, "阿卜杜・热合曼 ", "b").pairKey()).isEqualTo(key);
        assertThat(SignInForm.of(ID, "阿卜杜热合曼", "b").pairKey()).isNotEqualTo(key);
        assertThat(SignInForm.of(RawRecords.idNumber(12), "阿卜杜·热合曼", "a").pairKey())
                .isNotEqualTo(key);
        assertThat(key).hasSize(64).doesNotContain(ID);
    }
}
