package org.certhub.sealing.ltv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What production mode asks of a configured TSA: https, and a trust anchor. */
class TimestampSettingsTests {

    private static TimestampSettings tsa(String url, List<Path> anchors) {
        return new TimestampSettings(
                url,
                anchors,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                3,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                new TimestampSettings.Breaker(3, Duration.ofMinutes(1)));
    }

    @Test
    void anHttpsTsaWithATrustAnchorIsFitForProduction() {
        assertThat(tsa("https://tsa.example.cn/rfc3161", List.of(Path.of("config/tsa-root.pem")))
                        .productionProblems())
                .isEmpty();
    }

    @Test
    void aPlainHttpTsaIsNot() {
        assertThat(tsa("http://tsa.example.cn/rfc3161", List.of(Path.of("config/tsa-root.pem")))
                        .productionProblems())
                .containsExactly("certhub.signing.tsa.url http://tsa.example.cn/rfc3161 is not https: whoever sits "
                        + "between the hub and the TSA could answer in its place");
    }

    @Test
    void norOneWithoutATrustAnchor() {
        assertThat(tsa("https://tsa.example.cn/rfc3161", List.of()).productionProblems())
                .singleElement()
                .asString()
                .startsWith("certhub.signing.tsa.trust-anchors is empty");
    }

    @Test
    void noTsaUrlIsNotTheseSettingsConcern() {
        assertThat(tsa("", List.of()).productionProblems()).isEmpty();
    }
}
