package org.certhub.sealing.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SoftHSM2, a software PKCS#11 token, for the tests and {@code bench issuance --keys pkcs11}: creates tokens and puts
 * a key with its certificate chain on them, as an operator would with an HSM's own tools.
 *
 * <p>SoftHSM2 reads the configuration named by the environment variable {@code SOFTHSM2_CONF} once, when the library
 * is first loaded into a process; it sees only the tokens that exist at that moment. So a process creates all its
 * tokens (with {@code softhsm2-util}, which inherits the environment) before it first uses the library.
 */
public final class SoftHsm {

    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private SoftHsm() {}

    /** Whether the library and {@code softhsm2-util} are installed. */
    public static boolean installed() {
        return Files.isReadable(LIBRARY) && Files.isExecutable(Path.of("/usr/bin/softhsm2-util"));
    }

    /** Writes a configuration that keeps tokens in {@code tokenDir}. */
    public static void writeConfig(Path conf, Path tokenDir) throws IOException {
        Files.createDirectories(tokenDir);
        Files.createDirectories(conf.toAbsolutePath().getParent());
        Files.writeString(
                conf,
                "directories.tokendir = " + tokenDir.toAbsolutePath() + "\n"
                        + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                StandardCharsets.UTF_8);
    }

    /** Creates a token in the first free slot (of the configuration in this process's SOFTHSM2_CONF). */
    public static void initToken(String label, String pin, String soPin) {
        run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin);
    }

    /** Deletes a token and its keys, as if it were pulled out of the machine. */
    public static void deleteToken(String label) {
        run("softhsm2-util", "--delete-token", "--token", label);
    }

    /** Stores the key and its chain on the token under {@code keyLabel}, through SunPKCS11. */
    public static void importKey(
            String tokenLabel, String pin, String keyLabel, PrivateKey key, List<X509Certificate> chain) {
        long slot = Pkcs11Slots.slotOf(LIBRARY, tokenLabel);
        Provider provider = Security.getProvider("SunPKCS11")
                .configure("--name=certhub-import\nlibrary=" + LIBRARY + "\nslot=" + slot + "\n");
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin.toCharArray());
            store.setKeyEntry(keyLabel, key, null, chain.toArray(new X509Certificate[0]));
            // a PKCS#11 login holds for the whole process; log out so that opening the key later checks its PIN
            ((java.security.AuthProvider) provider).logout();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot store key '" + keyLabel + "' on token '" + tokenLabel + "'", e);
        }
    }

    private static void run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }
}
