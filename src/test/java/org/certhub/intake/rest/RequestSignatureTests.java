package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestSignatureTests {

    private static final String SECRET = "demo-secret-training-center-not-for-production";
    private static final String PATH = "/api/v1/sources/training-center/records";
    private static final String NONCE = "0123456789abcdef0123456789abcdef";
    private static final String EMPTY_ARRAY_SHA256 = "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

    @Test
    void hmacIsTheStandardOne() {
        // RFC 2104 HMAC-SHA256 of the well-known pangram with key "key"
        assertThat(RequestSignature.sign("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
    }

    @Test
    void aRequestIsSignedAsTheIntegratorsGuideShowsWithOpenssl() {
        // computed with docs/samples/push.sh's openssl pipeline for the body "[]"
        assertThat(RequestSignature.sha256Hex("[]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EMPTY_ARRAY_SHA256);
        String toSign = RequestSignature.stringToSign("POST", PATH, 1795000000L, NONCE, EMPTY_ARRAY_SHA256);
        assertThat(toSign).isEqualTo("POST\n" + PATH + "\n1795000000\n" + NONCE + "\n" + EMPTY_ARRAY_SHA256);
        assertThat(RequestSignature.sign(SECRET, toSign)).isEqualTo("e42Zs5+veLV529BNiF4aDAbO72uyM3AMLsuyLvOtGrI=");
    }

    @Test
    void onlyTheRightSignatureMatches() {
        String toSign = RequestSignature.stringToSign("POST", PATH, 1795000000L, NONCE, EMPTY_ARRAY_SHA256);
        String right = "e42Zs5+veLV529BNiF4aDAbO72uyM3AMLsuyLvOtGrI=";
        assertThat(RequestSignature.matches(SECRET, toSign, right)).isTrue();
        assertThat(RequestSignature.matches("another-secret", toSign, right)).isFalse();
        assertThat(RequestSignature.matches(SECRET, toSign.replace("1795000000", "1795000001"), right))
                .isFalse();
        assertThat(RequestSignature.matches(SECRET, toSign, right.substring(0, 40)))
                .isFalse();
        assertThat(RequestSignature.matches(SECRET, toSign, "not base64 at all!"))
                .isFalse();
        assertThat(RequestSignature.matches(SECRET, toSign, "")).isFalse();
    }
}
