package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.Traceable;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The shipped file-drop sources are made from one route template ({@code routes/file-drop.yaml}) and are exactly the
 * routes each source would write out in full: same ids, folders, file names read, read lock, done/failed names and
 * steps, whichever order the route files are loaded in.
 */
class FileDropRoutesTests {

    /** The two sources as they were written before the template, one route each. */
    private static final String WRITTEN_OUT = """
            - route:
                id: source-exam-system
                from:
                  uri: "file:{{certhub.paths.inbox}}/exam-system"
                  parameters:
                    exclude: "(?i)(\\\\..*|~\\\\$.*|.*\\\\.(tmp|part|partial|crdownload|filepart|swp))"
                    readLock: idempotent-changed
                    idempotentRepository: "#fileClaims"
                    readLockRemoveOnCommit: true
                    readLockRemoveOnRollback: true
                    readLockMinAge: "{{certhub.intake.file-min-age:1000}}"
                    readLockMinLength: 0
                    move: "done/${header.certhubArchiveName}"
                    moveFailed: "${header.certhubFailedTo}"
                    pollStrategy: "#intakeGate"
                  steps:
                    - setHeader:
                        name: certhubSource
                        constant: exam-system
                    - setHeader:
                        name: certhubAccepts
                        constant: "(?i).*\\\\.csv"
                    - setHeader:
                        name: certhubArchiveName
                        simple: "${date:now:yyyyMMdd-HHmmss}-${file:name}"
                    - setHeader:
                        name: certhubFailedTo
                        simple: "failed/${header.certhubArchiveName}"
                    - to:
                        uri: direct:intake-file
            - route:
                id: source-city-bureaus
                from:
                  uri: "file:{{certhub.paths.inbox}}/city-bureaus"
                  parameters:
                    exclude: "(?i)(\\\\..*|~\\\\$.*|.*\\\\.(tmp|part|partial|crdownload|filepart|swp))"
                    readLock: idempotent-changed
                    idempotentRepository: "#fileClaims"
                    readLockRemoveOnCommit: true
                    readLockRemoveOnRollback: true
                    readLockMinAge: "{{certhub.intake.file-min-age:1000}}"
                    readLockMinLength: 0
                    move: "done/${header.certhubArchiveName}"
                    moveFailed: "${header.certhubFailedTo}"
                    pollStrategy: "#intakeGate"
                  steps:
                    - setHeader:
                        name: certhubSource
                        constant: city-bureaus
                    - setHeader:
                        name: certhubAccepts
                        constant: "(?i)[^.~].*\\\\.xlsx?"
                    - setHeader:
                        name: certhubArchiveName
                        simple: "${date:now:yyyyMMdd-HHmmss}-${file:name}"
                    - setHeader:
                        name: certhubFailedTo
                        simple: "failed/${header.certhubArchiveName}"
                    - to:
                        uri: direct:intake-file
            """;

    @Test
    void theTemplatedSourcesAreTheRoutesTheyReplaceWhenTheTemplateIsLoadedLast() throws Exception {
        assertThat(routes(resource("exam-system.yaml"), resource("city-bureaus.yaml"), resource("file-drop.yaml")))
                .isEqualTo(routes(ResourceHelper.fromString("file:routes/written-out.yaml", WRITTEN_OUT)));
    }

    @Test
    void theTemplatedSourcesAreTheRoutesTheyReplaceWhenTheTemplateIsLoadedFirst() throws Exception {
        assertThat(routes(resource("file-drop.yaml"), resource("city-bureaus.yaml"), resource("exam-system.yaml")))
                .isEqualTo(routes(ResourceHelper.fromString("file:routes/written-out.yaml", WRITTEN_OUT)));
    }

    @Test
    void aNewSourceIsAFewLinesAndMayNameItsFolder() throws Exception {
        String source = """
                - templatedRoute:
                    routeTemplateRef: file-drop
                    routeId: source-training-centres
                    parameters:
                      - { name: source, value: training-centres }
                      - { name: folder, value: training }
                      - { name: include, value: "(?i).*\\\\.xlsx" }
                """;
        var routes = routes(
                resource("file-drop.yaml"), ResourceHelper.fromString("file:routes/training-centres.yaml", source));
        assertThat(routes.get("source-training-centres"))
                .startsWith("file://target/inbox/training?")
                .contains("setHeader[certhubAccepts, (?i).*\\.xlsx]")
                .contains("setHeader[certhubSource, training-centres]");
    }

    private static Resource resource(String file) throws IOException {
        Path path = Path.of("routes", file);
        return ResourceHelper.fromString("file:" + path, Files.readString(path));
    }

    /**
     * Each source route the resources make, loaded in the given order as the hub loads route files: Camel (its
     * {@code RoutesLoader}, and {@code RoutesConfigurer} at start-up) adds every file's routes and templates first and
     * the routes made from templates after them all, so the order of the files in the folder does not matter. Returns
     * each route's endpoint URI and its processors as Camel created them.
     */
    private static TreeMap<String, String> routes(Resource... resources) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        var properties = new Properties();
        properties.setProperty("certhub.paths.inbox", "target/inbox");
        camel.getPropertiesComponent().setInitialProperties(properties);
        // the hub's intake gate, open: the routes name it as their poll strategy
        camel.getRegistry().bind("intakeGate", new org.apache.camel.support.DefaultPollingConsumerPollStrategy());
        // the hub's file claims, here in memory: the routes name them as their idempotent repository
        camel.getRegistry()
                .bind(
                        "fileClaims",
                        org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository
                                .memoryIdempotentRepository());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake-file").routeId("intake-file").log("taken");
            }
        });
        // created, not started: no file consumer polls
        camel.setAutoStartup(false);
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        camel.start();
        var routes = new TreeMap<String, String>();
        try {
            for (Route route : camel.getRoutes()) {
                if (route.getRouteId().startsWith("source-")) {
                    var processors = new ArrayList<String>();
                    for (Processor p : route.filter("*")) {
                        processors.add(
                                p instanceof Traceable t
                                        ? t.getTraceLabel()
                                        : p.getClass().getSimpleName());
                    }
                    routes.put(route.getRouteId(), route.getEndpoint().getEndpointUri() + " " + processors);
                }
            }
        } finally {
            camel.stop();
        }
        return routes;
    }
}
