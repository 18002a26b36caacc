package org.certhub.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.sealing.SignatureToken;
import org.certhub.sealing.keys.GuardedSignatureToken;
import org.certhub.sealing.keys.KeyAlgorithm;
import org.certhub.sealing.keys.Pkcs11Key;
import org.certhub.sealing.keys.Pkcs12Key;
import org.certhub.sealing.keys.SoftHsm;

/**
 * {@code bench keys --count N --threads T}: raw signatures per second (SHA-256 over ~100 bytes, as for CMS signed
 * attributes) with ECDSA P-256 and RSA-2048 keys, through the PKCS#12 provider and, when SoftHSM2 is installed,
 * through PKCS#11 on a SoftHSM2 token; for choosing the seal's key algorithm. Runs itself again with SOFTHSM2_CONF
 * set (see {@link HsmBenchKeys}).
 */
final class KeysBench {

    private KeysBench() {}

    static void run(int count, int threads) throws Exception {
        boolean hsm = SoftHsm.installed();
        if (hsm) {
            HsmBenchKeys.reexecWithSoftHsm();
            SoftHsm.initToken("keys-bench", "1234", "5678");
        }
        var dir = java.nio.file.Files.createTempDirectory("certhub-keys-bench-");
        try {
            System.out.printf(
                    Locale.ROOT,
                    "raw signatures, %d per case, %d threads, %d cores%n",
                    count,
                    threads,
                    Runtime.getRuntime().availableProcessors());
            for (String algorithm : List.of("EC", "RSA")) {
                KeyPair keys = (algorithm.equals("EC") ? KeyAlgorithm.P256 : KeyAlgorithm.RSA2048).generate();
                List<X509Certificate> chain = List.of(selfSigned(keys, algorithm));
                var p12 = dir.resolve(algorithm + ".p12");
                var store = java.security.KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("seal", keys.getPrivate(), "pw".toCharArray(), chain.toArray(new X509Certificate[0]));
                try (var out = java.nio.file.Files.newOutputStream(p12)) {
                    store.store(out, "pw".toCharArray());
                }
                measure(algorithm, "pkcs12", new Pkcs12Key(p12, "seal", "PW", null).open(v -> "pw"), count, threads);
                if (hsm) {
                    SoftHsm.importKey("keys-bench", "1234", algorithm, keys.getPrivate(), chain);
                    var key = new Pkcs11Key(SoftHsm.LIBRARY, null, "keys-bench", algorithm, "PIN", (long) threads);
                    measure(algorithm, "pkcs11", key.open(v -> "1234"), count, threads);
                }
            }
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static void measure(String algorithm, String provider, SignatureToken key, int count, int threads)
            throws Exception {
        var token = new GuardedSignatureToken(key, provider, threads, Duration.ofMinutes(1), Clock.systemUTC());
        byte[] data = new byte[100];
        for (int i = 0; i < Math.min(2000, count); i++) {
            token.sign(data); // warm-up
        }
        long cpuBefore = BenchCommand.processCpu();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            pool.execute(() -> token.sign(data));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (BenchCommand.processCpu() - cpuBefore) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "  %-5s %-7s %8.0f signatures/s   %.3f ms CPU per signature%n",
                algorithm.equals("EC") ? "P-256" : "RSA-2048",
                provider,
                count / seconds,
                cpuMs / count);
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=certhub keys bench " + algorithm);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now.minus(Duration.ofHours(1))),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
                                .build(keys.getPrivate())));
    }
}
