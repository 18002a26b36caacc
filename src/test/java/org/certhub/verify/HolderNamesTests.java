package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HolderNamesTests {

    @Test
    void theSameNameTypedWithSpacesOrFullWidthLettersMatches() {
        assertThat(HolderNames.same("张三", " 张 三 ")).isTrue();
        assertThat(HolderNames.same("张三", "张\u3000三")).isTrue();
        assertThat(HolderNames.same("JOHN SMITH", "ｊｏｈｎ smith")).isTrue();
    }

    @Test
    void everyMiddleDotOfATranscribedNameIsOne() {
        for (String dot : new String[] {"·", "•", "‧", "・", "･", "．", ".", "∙", "⋅"}) {
            assertThat(HolderNames.same("阿卜杜·热合曼", "阿卜杜" + dot + "热合曼")).as(dot).isTrue();
        }
    }

    @Test
    void aNameOutsideTheBasicPlaneMatchesItselfOnly() {
        assertThat(HolderNames.same("𠮷田", "𠮷田")).isTrue();
        assertThat(HolderNames.same("𠮷田", "吉田")).isFalse();
    }

    @Test
    void anotherNameOrNoNameDoesNotMatch() {
        assertThat(HolderNames.same("张三", "张四")).isFalse();
        assertThat(HolderNames.same("张三", "张")).isFalse();
        assertThat(HolderNames.same("张三", "")).isFalse();
        assertThat(HolderNames.same("张三", "   ")).isFalse();
        assertThat(HolderNames.same("", "")).isFalse();
        assertThat(HolderNames.same(null, "张三")).isFalse();
    }
}
