package org.certhub.holder;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the hub reaches a holder: a mainland mobile number (by SMS) or an e-mail address.
 *
 * @param channel how
 * @param address the mobile number (11 digits) or the e-mail address
 */
public record HolderContact(Channel channel, String address) {

    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]+");

    /** How a message reaches the holder. */
    public enum Channel {
        SMS,
        EMAIL
    }

    public HolderContact {
        if (channel == null || address == null) {
            throw new IllegalArgumentException("a contact has a channel and an address");
        }
    }

    /** A mainland mobile number, typed with spaces, hyphens, full-width digits or +86 as people do. */
    static HolderContact mobile(String typed) {
        String digits = Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("[\\s-]", "");
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        }
        if (!MOBILE.matcher(digits).matches()) {
            throw new IllegalArgumentException("手机号码应为 11 位数字 (a mobile number is 11 digits, 1[3-9]…): " + typed);
        }
        return new HolderContact(Channel.SMS, digits);
    }

    static HolderContact email(String typed) {
        String address = typed.strip();
        if (address.length() > 254 || !EMAIL.matcher(address).matches()) {
            throw new IllegalArgumentException("电子邮件地址无效 (not an e-mail address): " + typed);
        }
        return new HolderContact(Channel.EMAIL, address.toLowerCase(Locale.ROOT));
    }

    /** As pages, answers and the log may show it: {@code 138****5678}, {@code z***@example.com}. */
    public String masked() {
        if (channel == Channel.SMS) {
            return address.substring(0, 3) + "****" + address.substring(7);
        }
        int at = address.indexOf('@');
        return address.charAt(0) + "***" + address.substring(at);
    }
}
