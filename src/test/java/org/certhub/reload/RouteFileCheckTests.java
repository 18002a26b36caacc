package org.certhub.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route file is read and checked against a running context without changing what runs in it. */
class RouteFileCheckTests {

    /** A bean with the method the routes call. */
    public static final class Intake {
        public void open() {}
    }

    private static final String PIPELINE = """
            - route:
                id: intake
                from:
                  uri: direct:intake
                  steps:
                    - doTry:
                        steps:
                          - bean: { ref: intake, method: open }
                          - to: { uri: direct:store }
                        doCatch:
                          - exception: [java.lang.Exception]
                            steps:
                              - to: { uri: direct:failed }
            - route:
                id: store
                from:
                  uri: direct:store
                  steps:
                    - choice:
                        when:
                          - simple: "${body} == null"
                            steps:
                              - to: { uri: direct:failed }
            - route:
                id: failed
                from: { uri: direct:failed, steps: [ { setBody: { constant: failed } } ] }
            """;

    private DefaultCamelContext camel;
    private RouteFileCheck check;

    @BeforeEach
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("intake", new Intake());
        camel.start();
        check = new RouteFileCheck(camel, List.of("direct:intake"));
        model().addRouteDefinitions(check.parse("file:routes/pipeline.yaml", PIPELINE));
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private List<String> problemsOf(String yaml) {
        return check.problems(check.parse("file:routes/source.yaml", yaml), Set.of());
    }

    private static String source(String steps) {
        return """
                - route:
                    id: source-a
                    from:
                      uri: "file:target/inbox/a"
                      parameters: { readLock: changed }
                      steps:
                """ + steps.indent(8);
    }

    @Test
    void aGoodFileHasNoProblemsAndTouchesNothing() {
        var routes = check.parse("file:routes/source.yaml", source("- to: { uri: direct:intake }"));
        assertThat(check.problems(routes, Set.of())).isEmpty();
        assertThat(camel.getRoutes())
                .extracting(r -> r.getRouteId())
                .containsExactlyInAnyOrder("intake", "store", "failed");
    }

    @Test
    void nestedStepsAreChecked() {
        // the only unknown target sits in a doCatch, and in a choice's when
        String broken = PIPELINE.replace("uri: direct:failed }", "uri: direct:nowhere }")
                .replace("id: intake", "id: intake2")
                .replace("id: store", "id: store2")
                .replace("id: failed", "id: failed2")
                .replace("direct:intake\n", "direct:intake2\n")
                .replace("uri: direct:store", "uri: direct:store2")
                .replace("direct:failed,", "direct:failed2,");
        assertThat(problemsOf(broken)).hasSize(2).allMatch(p -> p.contains("direct:nowhere"));
    }

    @Test
    void anUnknownComponentIsNamed() {
        assertThat(problemsOf(source("- to: { uri: \"nosuch:foo\" }")))
                .singleElement()
                .asString()
                .contains("unknown component")
                .contains("nosuch");
    }

    @Test
    void aMisspelledOptionIsNamed() {
        assertThat(problemsOf(source("- to: { uri: direct:intake }").replace("readLock:", "readLok:")))
                .singleElement()
                .asString()
                .contains("readLok");
    }

    @Test
    void aDirectEndpointThatNoRouteReadsIsNamed() {
        assertThat(problemsOf(source("- to: { uri: direct:nowhere }")))
                .singleElement()
                .asString()
                .contains("direct:nowhere");
    }

    @Test
    void aMissingBeanOrMethodIsNamed() {
        assertThat(problemsOf(source("- bean: { ref: nobody, method: open }")))
                .singleElement()
                .asString()
                .contains("no bean named nobody");
        assertThat(problemsOf(source("- bean: { ref: intake, method: close }")))
                .singleElement()
                .asString()
                .contains("has no method close");
    }

    @Test
    void routeIdsMustBeGivenAndUnique() {
        assertThat(problemsOf(source("- to: { uri: direct:intake }").replace("id: source-a", "id: store")))
                .singleElement()
                .asString()
                .contains("already used")
                .contains("routes/pipeline.yaml");
        assertThat(problemsOf(source("- to: { uri: direct:intake }").replace("    id: source-a\n", "")))
                .singleElement()
                .asString()
                .contains("needs an id");
    }

    @Test
    void aFileThatDoesNotParseSaysWhere() {
        assertThatThrownBy(() -> check.parse("file:routes/x.yaml", "- route:\n    id: [a\n"))
                .hasMessageContaining("YAML")
                .hasMessageContaining("line");
        assertThatThrownBy(() -> check.parse("file:routes/x.yaml", source("- tooo: { uri: direct:intake }")))
                .hasMessageContaining("tooo")
                .hasMessageContaining("line");
        assertThatThrownBy(() ->
                        check.parse("file:routes/x.yaml", "- beans:\n    - name: x\n      type: java.lang.Object\n"))
                .hasMessageContaining("only `route` items");
    }

    @Test
    void removingAnEndpointOthersSendToIsRefused() {
        // a source that sends to direct:intake already runs
        var source = check.parse("file:routes/source.yaml", source("- to: { uri: direct:intake }"));
        try {
            model().addRouteDefinitions(source);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<RouteDefinition> withoutIntake = check.parse(
                "file:routes/pipeline.yaml", PIPELINE.substring(PIPELINE.indexOf("- route:\n    id: store")));
        assertThat(check.problems(withoutIntake, Set.of("intake", "store", "failed")))
                .anyMatch(p -> p.contains("source-a") && p.contains("direct:intake"))
                .anyMatch(p -> p.contains("hub's own code"));
    }

    @Test
    void routesThatSendStopBeforeTheRoutesTheySendTo() {
        List<RouteDefinition> routes = check.parse("file:routes/pipeline.yaml", PIPELINE);
        assertThat(RouteFileCheck.stopOrder(routes)).containsExactly("intake", "store", "failed");
    }
}
