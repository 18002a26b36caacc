package org.certhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.certhub.intake.DroppedFile;
import org.certhub.intake.FileIntake;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.Normalizer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench ingest --rows N}: an N-row GB18030 exam-system CSV (one row in a hundred with a wrong ID check
 * character) through intake (read, store in the raw store, batch by batch, as the file route does) and mapping (each
 * stored record normalized against the catalogue; a rejected record is marked rejected with its reasons, in one
 * transaction per batch, as the record processor does). An accepted record would go on to issuance, which records
 * its outcome together with the licence: issuance, sealing and publication are not part of this bench ({@code bench
 * issuance} measures them).
 */
final class IngestBench {

    private IngestBench() {}

    /** @param settings further settings for the hub, such as {@code --certhub.intake.batch-size=1000} */
    static void run(Class<?> application, int rows, List<String> settings) throws Exception {
        Path root = Files.createTempDirectory("certhub-bench-");
        ConfigurableApplicationContext context = null;
        try {
            var args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--certhub.paths.data=" + root.resolve("data"),
                    "--certhub.paths.inbox=" + root.resolve("inbox"),
                    "--certhub.paths.outbox=" + root.resolve("outbox"),
                    "--certhub.sweeper.initial-delay=PT24H",
                    "--logging.level.root=WARN",
                    "--CERTHUB_ADMIN_PASSWORD=bench-only"));
            args.addAll(BenchCommand.demoKeysOnly(root, settings));
            args.addAll(settings);
            context = new SpringApplication(application).run(args.toArray(String[]::new));
            Path file = BenchCommand.writeExamSystemCsv(
                    Files.createDirectories(root.resolve("drop")).resolve("bench.csv"), rows, true);
            var intake = context.getBean(FileIntake.class);
            var normalizer = context.getBean(Normalizer.class);
            var store = context.getBean(RawRecordStore.class);
            var transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            DroppedFile dropped = intake.receive("exam-system", file.toString(), null, null);
            LocalDate today = LocalDate.now();

            System.gc();
            BenchCommand.resetPeaks();
            var cpuBefore = BenchCommand.cpuByThread();
            long processCpuBefore = BenchCommand.processCpu();
            long start = System.nanoTime();
            long mappingNanos = 0;
            long stored = 0;
            long accepted = 0;
            intake.open(dropped);
            Iterator<List<RawRecord>> batches = dropped.batches();
            double openSeconds = (System.nanoTime() - start) / 1e9;
            while (batches.hasNext()) {
                List<RawRecord> batch = batches.next();
                stored += batch.size();
                long m = System.nanoTime();
                accepted += transaction.execute(s -> map(batch, normalizer, store, today));
                mappingNanos += System.nanoTime() - m;
            }
            intake.complete(dropped);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (stored != rows || stored - accepted != rows / 100) {
                throw new IllegalStateException("stored " + stored + " of " + rows + " rows, " + (stored - accepted)
                        + " rejected instead of " + rows / 100);
            }
            System.out.printf(
                    Locale.ROOT,
                    "ingest: %d rows in %.1f s = %.0f rows/s, peak heap %d MB%n",
                    rows,
                    seconds,
                    rows / seconds,
                    BenchCommand.peakHeap() / (1024 * 1024));
            System.out.printf(
                    Locale.ROOT,
                    "  mapped: %d accepted, %d rejected; mapping and marking rejects %.1f s%n",
                    accepted,
                    stored - accepted,
                    mappingNanos / 1e9);
            System.out.printf(Locale.ROOT, "  opening the file (content hash, header, delivery) %.2f s%n", openSeconds);
            context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .find("certhub.intake.store")
                    .timers()
                    .forEach(BenchCommand::print);
            BenchCommand.printCpuByThread(cpuBefore, processCpuBefore);
        } finally {
            if (context != null) {
                context.close();
            }
            FileSystemUtils.deleteRecursively(root);
        }
    }

    /** Normalizes each record and marks the rejected ones; returns how many were accepted. */
    private static long map(List<RawRecord> batch, Normalizer normalizer, RawRecordStore store, LocalDate today) {
        long accepted = 0;
        for (RawRecord r : batch) {
            Normalized n = normalizer.normalize(r.sourceId(), r.payload(), today);
            if (n instanceof Normalized.Rejected rejected) {
                store.markRejected(r.id(), rejected.mappingVersion(), rejected.reasons());
            } else {
                accepted++;
            }
        }
        return accepted;
    }
}
