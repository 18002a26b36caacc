package org.certhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateFace;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.sealing.ElectronicSeal;
import org.certhub.sealing.OfdSealer;
import org.certhub.sealing.PadesSealer;
import org.certhub.sealing.SignatureToken;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench files --count N [--threads T] [--rounds R]}: what one certificate's file costs in each format, without
 * the hub around it: a PDF/A-2b face rendered and sealed with the demo PKI's P-256 key (PAdES B-B), and the same face
 * as OFD rendered and sealed with its SM2 key and electronic seal. Rounds alternate the formats back to back, after
 * an untimed warm-up of each, so that both see the same machine; time is split into rendering and sealing.
 */
final class FilesBench {

    private static final int WARM_UP = 1_000;

    private FilesBench() {}

    private record Tally(long renderNanos, long sealNanos, long bytes) {}

    static void run(int count, int threads, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("certhub-bench-files-");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            DemoPki pki = DemoPki.ensure(dir.resolve("keys"), "江苏省住房和城乡建设厅");
            byte[] image = Files.readAllBytes(pki.sealImage());
            PadesSealer pades = new PadesSealer(image, CertificateRenderer.sealArea(), "电子证照签章", "南京");
            SignatureToken p256 = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias());
            SignatureToken sm2 = KeyStoreSignatureToken.open(pki.sm2Keystore(), pki.password(), pki.alias());
            Instant now = Instant.now();
            OfdSealer ofd = new OfdSealer(ElectronicSeal.make(
                    "bench",
                    "江苏省住房和城乡建设厅电子印章",
                    List.of(sm2.certificateChain().get(0)),
                    image,
                    42,
                    now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(365)),
                    now,
                    KeyStoreSignatureToken.open(pki.sm2RootKeystore(), pki.password(), "root")));
            var renderer = new CertificateRenderer(FontSet.loadDefault());
            Format pdf = new Format("pdf", renderer::render, bytes -> pades.seal(bytes, p256, Instant.now()));
            Format ofdFormat = new Format("ofd", renderer::renderOfd, bytes -> ofd.seal(bytes, sm2, Instant.now()));
            System.out.printf(
                    Locale.ROOT,
                    "%d threads, %d cores, %d certificates a round, %d rounds a format%n",
                    threads,
                    Runtime.getRuntime().availableProcessors(),
                    count,
                    rounds);
            measure(pool, threads, Math.min(count, WARM_UP), pdf);
            measure(pool, threads, Math.min(count, WARM_UP), ofdFormat);
            double[] rates = new double[2];
            for (int round = 0; round < rounds; round++) {
                int f = 0;
                for (Format format : List.of(pdf, ofdFormat)) {
                    long wall = System.nanoTime();
                    Tally tally = measure(pool, threads, count, format);
                    double seconds = (System.nanoTime() - wall) / 1e9;
                    rates[f++] += count / seconds;
                    System.out.printf(
                            Locale.ROOT,
                            "files %s round %d: %d certificates in %.1f s = %.1f certificates/s; per certificate "
                                    + "render %.2f ms, seal %.2f ms (thread time); %d bytes each%n",
                            format.name(),
                            round + 1,
                            count,
                            seconds,
                            count / seconds,
                            tally.renderNanos() / 1e6 / count,
                            tally.sealNanos() / 1e6 / count,
                            tally.bytes() / count);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "files: pdf %.1f/s, ofd %.1f/s on average: ofd at %.2f x the pdf rate%n",
                    rates[0] / rounds,
                    rates[1] / rounds,
                    rates[1] / rates[0]);
        } finally {
            pool.shutdown();
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    private record Format(
            String name,
            java.util.function.Function<CertificateFace, byte[]> render,
            java.util.function.UnaryOperator<byte[]> seal) {}

    private static Tally measure(ExecutorService pool, int threads, int count, Format format) throws Exception {
        var next = new AtomicInteger();
        var work = new ArrayList<Future<Tally>>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                long render = 0;
                long seal = 0;
                long bytes = 0;
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long start = System.nanoTime();
                    byte[] unsigned = format.render().apply(RenderBench.face(i, "王建国"));
                    long rendered = System.nanoTime();
                    bytes += format.seal().apply(unsigned).length;
                    render += rendered - start;
                    seal += System.nanoTime() - rendered;
                }
                return new Tally(render, seal, bytes);
            }));
        }
        long render = 0;
        long seal = 0;
        long bytes = 0;
        for (var w : work) {
            Tally tally = w.get();
            render += tally.renderNanos();
            seal += tally.sealNanos();
            bytes += tally.bytes();
        }
        return new Tally(render, seal, bytes);
    }
}
