package org.certhub.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.certhub.catalog.Catalogue;
import org.certhub.demopki.DemoPki;
import org.certhub.sealing.keys.SoftHsm;

/**
 * {@code bench issuance --keys pkcs11}: the benchmark seals with the demo key on a SoftHSM2 token instead of the
 * PKCS#12 file. SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment when the library loads, and a running JVM
 * cannot change its own environment, so the benchmark writes a configuration into a temporary folder and runs itself
 * again with {@code SOFTHSM2_CONF} pointing there; the second run creates the token, puts the demo key on it and
 * names it as the default seal in a generated {@code seals.yaml}.
 */
final class HsmBenchKeys {

    private static final String CHILD = "CERTHUB_BENCH_SOFTHSM_DIR";

    private HsmBenchKeys() {}

    /**
     * In the first run: re-runs this command with SoftHSM2 configured and exits with its status. In the re-run:
     * returns at once.
     */
    static void reexecWithSoftHsm() throws Exception {
        if (System.getenv(CHILD) != null) {
            return;
        }
        if (!SoftHsm.installed()) {
            System.err.println("--keys pkcs11 needs SoftHSM2 (Debian packages softhsm2 and opensc)");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("certhub-bench-softhsm-");
        Path conf = dir.resolve("softhsm2.conf");
        SoftHsm.writeConfig(conf, dir.resolve("tokens"));
        var info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElseThrow());
        command.addAll(List.of(info.arguments().orElseThrow()));
        var builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SOFTHSM2_CONF", conf.toString());
        builder.environment().put(CHILD, dir.toString());
        int status = builder.start().waitFor();
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        System.exit(status);
    }

    /**
     * Puts the demo key that the hub will make under {@code data} on a fresh SoftHSM2 token and returns the hub's
     * arguments that make it the default seal.
     */
    static List<String> prepare(Path data, int sessions) throws Exception {
        String authority = Catalogue.load(Path.of("config/catalog"))
                .types()
                .iterator()
                .next()
                .issuingAuthority()
                .name();
        DemoPki pki = DemoPki.ensure(data.resolve("keys"), authority);
        String pin = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        SoftHsm.initToken("bench", pin, pin + "-so");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.keystore())) {
            p12.load(in, pki.password());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : p12.getCertificateChain(pki.alias())) {
            chain.add((X509Certificate) certificate);
        }
        SoftHsm.importKey("bench", pin, "demo", (PrivateKey) p12.getKey(pki.alias(), pki.password()), chain);
        Path seals = Path.of(System.getenv(CHILD)).resolve("seals.yaml");
        Files.writeString(seals, """
                default: bench-hsm
                seals:
                  - id: bench-hsm
                    name: %s
                    key: { provider: pkcs11, library: %s, token-label: bench, key-label: demo,
                           pin-env: CERTHUB_SEAL_BENCH_HSM_PIN, sessions: %d }
                """.formatted(authority, SoftHsm.LIBRARY, sessions), StandardCharsets.UTF_8);
        System.out.printf(
                "keys: demo key on SoftHSM2 token 'bench' (%s), %d sessions%n",
                System.getenv("SOFTHSM2_CONF"), sessions);
        return List.of("--certhub.seals.file=" + seals, "--CERTHUB_SEAL_BENCH_HSM_PIN=" + pin);
    }
}
