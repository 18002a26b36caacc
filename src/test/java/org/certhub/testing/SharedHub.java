package org.certhub.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The shared standard hub of {@link HubIntegrationTest}: its folders, and what is set up before it starts, once for
 * all the classes that run on it. Its folders are made anew at each start: the shipped routes and mappings (with
 * their samples) plus the test sources below; the catalogue and the seals are the shipped ones.
 *
 * <ul>
 *   <li>{@code test-lifecycle}: lifecycle operations as JSON messages ({@code LifecycleIntegrationTests});
 *   <li>{@code json-drop} and {@code xml-drop}: the exam system's mapping and file-drop route for JSON and XML files
 *       ({@code BadInputIntegrationTests}), so the demo configuration keeps only real sources;
 *   <li>{@code closed-demo}: the training centre's mapping for a source without REST credentials
 *       ({@code RestChannelIntegrationTests}).
 * </ul>
 *
 * <p>It also keeps what the hub logged while it started ({@link #startupLog()}), which a test that runs when the hub
 * is already up could not capture itself, a {@link CommittedLicenceEvents} bean, and {@link HolderMessages} as its way to
 * holders (what the demo's notifier would log, kept for the tests to read).
 */
public final class SharedHub implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The shared hub's folder, as {@link HubIntegrationTest}'s properties name it. */
    static final String DIR = "target/it/hub";

    public static final Path ROOT = Path.of(DIR);
    public static final Path OUTBOX = ROOT.resolve("outbox");
    public static final Path DATA = ROOT.resolve("data");
    /** The port where upstreams reach the shared hub's embedded broker. */
    public static final int BROKER_UPSTREAM_PORT = 61617;

    public static final String TRAINING_CENTER_KEY = "tc-integration";
    public static final String TRAINING_CENTER_SECRET = "tc-integration-secret-0123456789abcdef";
    public static final String EXAM_SYSTEM_KEY = "exam-integration";
    public static final String EXAM_SYSTEM_SECRET = "exam-integration-secret-0123456789abcdef";

    private static final List<String> STARTUP_LOG = new CopyOnWriteArrayList<>();

    /** The inbox folder of a file-drop source. */
    public static Path inbox(String source) {
        return ROOT.resolve("inbox").resolve(source);
    }

    /** The messages the hub logged from its start until it was ready (logger name, a space, the message). */
    public static List<String> startupLog() {
        return List.copyOf(STARTUP_LOG);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            prepareFolders();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recordStartupLog(context);
        ((GenericApplicationContext) context).registerBean(CommittedLicenceEvents.class);
        ((GenericApplicationContext) context)
                .registerBean(HolderMessages.class, definition -> definition.setPrimary(true));
    }

    private static void prepareFolders() throws IOException {
        FileSystemUtils.deleteRecursively(ROOT);
        Path mappings = Files.createDirectories(ROOT.resolve("mappings"));
        Path routes = Files.createDirectories(ROOT.resolve("routes"));
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        TestFolders.copyYaml(Path.of("routes"), routes);

        Files.writeString(mappings.resolve("test-lifecycle.yaml"), """
                source: test-lifecycle
                name: 测试来源
                type: "11100000000013338W011"
                version: "7"
                format: { kind: json }
                operation: { from: op, codes: { 暂扣: suspend, 暂扣发还: reinstate, 撤销: revoke, 注销: cancel, 变更: change, 延续: renew } }
                businessKey: [licenceNumber, reference]
                fields:
                  licenceNumber: { from: number, normalize: [trim] }
                  reason: { from: reason }
                  reference: { from: no }
                  companyName: { from: company }
                """);

        String exam = Files.readString(Path.of("mappings/exam-system.yaml"));
        String examRoute = Files.readString(Path.of("routes/exam-system.yaml"));
        Files.writeString(mappings.resolve("json-drop.yaml"), examMappingAs(exam, "json-drop", "  kind: json\n"));
        Files.writeString(
                mappings.resolve("xml-drop.yaml"), examMappingAs(exam, "xml-drop", "  kind: xml\n  record: 记录\n"));
        Files.writeString(
                routes.resolve("json-drop.yaml"),
                examRoute.replace("exam-system", "json-drop").replace("\\\\.csv", "\\\\.json"));
        Files.writeString(
                routes.resolve("xml-drop.yaml"),
                examRoute.replace("exam-system", "xml-drop").replace("\\\\.csv", "\\\\.xml"));

        Files.writeString(
                mappings.resolve("closed-demo.yaml"),
                Files.readString(Path.of("mappings/training-center.yaml"))
                        .replace("source: training-center", "source: closed-demo"));
        FileSystemUtils.copyRecursively(
                Path.of("mappings/samples/training-center"), mappings.resolve("samples/closed-demo"));
    }

    /** The exam-system mapping for another source and format: same fields, keys named as the CSV columns. */
    private static String examMappingAs(String examMapping, String source, String format) {
        return examMapping
                .replace("source: exam-system", "source: " + source)
                .replaceAll("(?m)^  kind: csv\\n", format)
                .replaceAll("(?m)^  (encoding|header):.*\\n", "");
    }

    /**
     * Records the log from now (logging is set up before the initializers run) until the hub accepts traffic, which
     * Spring Boot announces after the listeners of {@code ApplicationReadyEvent} have run.
     */
    private static void recordStartupLog(ConfigurableApplicationContext context) {
        STARTUP_LOG.clear();
        var loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                STARTUP_LOG.add(event.getLoggerName() + " " + event.getFormattedMessage());
            }
        };
        appender.setContext(loggers);
        appender.setName("shared-hub-startup");
        appender.start();
        root.addAppender(appender);
        context.addApplicationListener(event -> {
            if (event instanceof AvailabilityChangeEvent<?> change
                    && change.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                root.detachAppender(appender);
                appender.stop();
            }
        });
    }
}
