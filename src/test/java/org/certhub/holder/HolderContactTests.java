package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HolderContactTests {

    @Test
    void aMobileNumberIsReadAsPeopleWriteIt() {
        assertThat(HolderContact.mobile("+86 138-1234-5678").address()).isEqualTo("13812345678");
        assertThat(HolderContact.mobile("１３８１２３４５６７８").address()).isEqualTo("13812345678");
        assertThat(HolderContact.mobile("13812345678").channel()).isEqualTo(HolderContact.Channel.SMS);
        assertThatThrownBy(() -> HolderContact.mobile("12812345678")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HolderContact.mobile("1381234567")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmailAddressIsCheckedForItsShape() {
        assertThat(HolderContact.email(" Zhang.San@Example.COM ").address()).isEqualTo("zhang.san@example.com");
        assertThatThrownBy(() -> HolderContact.email("zhang.san")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HolderContact.email("a@b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMaskedFormShowsOnlyEnoughToRecogniseIt() {
        assertThat(HolderContact.mobile("13812345678").masked()).isEqualTo("138****5678");
        assertThat(HolderContact.email("zhang.san@example.com").masked()).isEqualTo("z***@example.com");
    }
}
