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

    @Test
    void aV2RequestIsSignedAsTheIntegratorsGuideShowsWithOpenssl() {
        // computed with docs/samples/push.sh's openssl pipeline: no query, an Idempotency-Key
        String toSign = RequestSignature.stringToSignV2(
                "POST", PATH, null, "application/json", "batch-2026-12-07-001", 1795000000L, NONCE, EMPTY_ARRAY_SHA256);
        assertThat(toSign)
                .isEqualTo("v2\nPOST\n" + PATH + "\n\napplication/json\nbatch-2026-12-07-001\n1795000000\n" + NONCE
                        + "\n" + EMPTY_ARRAY_SHA256);
        assertThat(RequestSignature.signV2(SECRET, toSign))
                .isEqualTo("v2=Z9DY+A9CQI1En0Ot7ea3dV02bP8kuPE9paff60oKAH0=");
        assertThat(RequestSignature.matches(SECRET, toSign, "v2=Z9DY+A9CQI1En0Ot7ea3dV02bP8kuPE9paff60oKAH0="))
                .isTrue();
    }

    @Test
    void theV2StringCoversTheMediaTypeTheQueryAndTheIdempotencyKey() {
        String signed = RequestSignature.signV2(
                SECRET,
                RequestSignature.stringToSignV2(
                        "POST", PATH, null, "text/csv; charset=UTF-8", null, 1795000000L, NONCE, EMPTY_ARRAY_SHA256));
        for (String other : new String[] {
            RequestSignature.stringToSignV2(
                    "POST", PATH, null, "text/csv; charset=GB18030", null, 1795000000L, NONCE, EMPTY_ARRAY_SHA256),
            RequestSignature.stringToSignV2(
                    "POST", PATH, "a=1", "text/csv; charset=UTF-8", null, 1795000000L, NONCE, EMPTY_ARRAY_SHA256),
            RequestSignature.stringToSignV2(
                    "POST", PATH, null, "text/csv; charset=UTF-8", "k1", 1795000000L, NONCE, EMPTY_ARRAY_SHA256)
        }) {
            assertThat(RequestSignature.matches(SECRET, other, signed))
                    .as(other)
                    .isFalse();
        }
    }

    @Test
    void theVersionIsToldByTheHeadersValueAndOnlyA32ByteHmacIsWellFormed() {
        assertThat(RequestSignature.Version.of("v2=Z9DY+A9CQI1En0Ot7ea3dV02bP8kuPE9paff60oKAH0="))
                .isEqualTo(RequestSignature.Version.V2);
        assertThat(RequestSignature.Version.of("e42Zs5+veLV529BNiF4aDAbO72uyM3AMLsuyLvOtGrI="))
                .isEqualTo(RequestSignature.Version.V1);
        assertThat(RequestSignature.decode("e42Zs5+veLV529BNiF4aDAbO72uyM3AMLsuyLvOtGrI="))
                .isPresent();
        assertThat(RequestSignature.decode("v2=Z9DY+A9CQI1En0Ot7ea3dV02bP8kuPE9paff60oKAH0="))
                .isPresent();
        assertThat(RequestSignature.decode("dG9vIHNob3J0")).isEmpty();
        assertThat(RequestSignature.decode("not base64!")).isEmpty();
    }
}
