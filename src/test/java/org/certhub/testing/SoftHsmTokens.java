package org.certhub.testing;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.certhub.sealing.keys.SoftHsm;

/**
 * Fresh SoftHSM2 tokens for the tests of one JVM. SoftHSM2 sees only the tokens that exist when a process first loads
 * it, so the first call writes the configuration named by {@code SOFTHSM2_CONF} (the build sets it for the test JVMs,
 * pointing into {@code target/softhsm2}) with a token folder of this JVM's own, and creates all tokens at once.
 * Skips when SoftHSM2 is not installed, unless {@code CERTHUB_SERVICES=required}.
 */
public final class SoftHsmTokens {

    /** Tokens per JVM; raise it when more tests need their own token. */
    private static final int POOL = 24;

    private static Deque<Token> free;

    /** A token with its PINs; the user PIN is also {@code pin-<label>}, so tests can name it in properties. */
    public record Token(String label, String pin, String soPin) {}

    private SoftHsmTokens() {}

    /** A token nobody else in this JVM uses. */
    public static synchronized Token fresh() throws Exception {
        Services.require(
                "SoftHSM2 (" + SoftHsm.LIBRARY + " and softhsm2-util; Debian packages softhsm2, opensc)",
                SoftHsm.installed());
        String conf = System.getenv("SOFTHSM2_CONF");
        Services.require("SOFTHSM2_CONF in the test JVM's environment (run the tests through Maven)", conf != null);
        if (free == null) {
            free = new ArrayDeque<>();
            long pid = ProcessHandle.current().pid();
            SoftHsm.writeConfig(Path.of(conf), Path.of(conf).resolveSibling("tokens-" + pid));
            for (int i = 1; i <= POOL; i++) {
                var token = new Token("test-" + i, "pin-test-" + i, "so-pin-test-" + i);
                SoftHsm.initToken(token.label(), token.pin(), token.soPin());
                free.add(token);
            }
        }
        if (free.isEmpty()) {
            throw new IllegalStateException("all " + POOL + " SoftHSM2 test tokens are used; raise SoftHsmTokens.POOL");
        }
        return free.poll();
    }
}
