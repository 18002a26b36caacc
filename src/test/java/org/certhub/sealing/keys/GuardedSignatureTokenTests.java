package org.certhub.sealing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.certhub.sealing.SignatureToken;
import org.certhub.testing.ObservedTokens;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.Test;

/** When every session is taken for longer than a signature may wait, the caller gets a clear error, not a hang. */
class GuardedSignatureTokenTests {

    @Test
    void aSignatureThatFindsAllSessionsBusyFailsClearlyAndTheNextOneSigns() throws Exception {
        var seal = new TestPki(Path.of("target", "keys-guard")).issue("忙", "EC", Duration.ofDays(30));
        var p12 = seal.writePkcs12(Path.of("target", "keys-guard", "busy.p12"), "pw".toCharArray());
        SignatureToken key = new Pkcs12Key(p12, "seal", "PW", null).open(v -> "pw");
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        SignatureToken slow = ObservedTokens.beforeEachSignature(key, () -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var token = new GuardedSignatureToken(slow, "seal 'busy'", 1, Duration.ofMillis(200), Clock.systemUTC());

        CompletableFuture<byte[]> holder = CompletableFuture.supplyAsync(() -> token.sign(new byte[] {1}));
        inside.await();
        assertThatThrownBy(() -> token.sign(new byte[] {2}))
                .isInstanceOf(KeyUnavailableException.class)
                .hasMessage("all 1 HSM sessions of seal 'busy' busy for 200 ms");

        release.countDown();
        assertThat(holder.get()).isNotEmpty();
        assertThat(token.sign(new byte[] {3})).isNotEmpty();
        assertThat(token.peakConcurrency()).isEqualTo(1);
    }
}
