package org.certhub.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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

    /** A file-drop template as the shipped one: the folder is the source's unless given. */
    private static final String TEMPLATE = """
            - routeTemplate:
                id: drop
                parameters:
                  - name: source
                    description: the source the files come from
                  - name: folder
                    required: false
                  - name: scheme
                    defaultValue: file
                route:
                  from:
                    uri: "{{scheme}}:target/inbox/{{folder:{{source}}}}"
                    parameters: { readLock: changed }
                    steps:
                      - setHeader: { name: certhubSource, constant: "{{source}}" }
                      - to: { uri: direct:intake }
            """;

    private DefaultCamelContext camel;
    private RouteFileCheck check;

    @BeforeEach
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("intake", new Intake());
        camel.start();
        check = new RouteFileCheck(camel, List.of("direct:intake"));
        model().addRouteDefinitions(
                        check.parse("file:routes/pipeline.yaml", PIPELINE).routes());
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:routes/drop.yaml", TEMPLATE));
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private List<String> problemsOf(String yaml) {
        return check.problems(check.parse("file:routes/source.yaml", yaml).routes(), Set.of());
    }

    /** The problems of a file of templated routes, and the routes they make when there are none. */
    private List<String> templatedProblemsOf(String yaml, List<RouteDefinition> routes) {
        var problems = new ArrayList<String>();
        routes.addAll(check.expand(check.parse("file:routes/b.yaml", yaml).templatedRoutes(), problems));
        problems.addAll(check.problems(routes, Set.of()));
        return problems;
    }

    private static String templated(String parameters) {
        return """
                - templatedRoute:
                    routeTemplateRef: drop
                    routeId: source-b
                    parameters:
                """ + parameters.indent(8);
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
        var routes = check.parse("file:routes/source.yaml", source("- to: { uri: direct:intake }"))
                .routes();
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
                .hasMessageContaining("only `route` and `templatedRoute` items");
    }

    @Test
    void removingAnEndpointOthersSendToIsRefused() {
        // a source that sends to direct:intake already runs
        var source = check.parse("file:routes/source.yaml", source("- to: { uri: direct:intake }"))
                .routes();
        try {
            model().addRouteDefinitions(source);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<RouteDefinition> withoutIntake = check.parse(
                        "file:routes/pipeline.yaml", PIPELINE.substring(PIPELINE.indexOf("- route:\n    id: store")))
                .routes();
        assertThat(check.problems(withoutIntake, Set.of("intake", "store", "failed")))
                .anyMatch(p -> p.contains("source-a") && p.contains("direct:intake"))
                .anyMatch(p -> p.contains("hub's own code"));
    }

    @Test
    void routesThatSendStopBeforeTheRoutesTheySendTo() {
        List<RouteDefinition> routes =
                check.parse("file:routes/pipeline.yaml", PIPELINE).routes();
        assertThat(RouteFileCheck.stopOrder(routes)).containsExactly("intake", "store", "failed");
    }

    @Test
    void aTemplatedRouteIsCheckedAsTheRouteItsTemplateMakesWithItsParameters() {
        var routes = new ArrayList<RouteDefinition>();
        assertThat(templatedProblemsOf(templated("- { name: source, value: b }"), routes))
                .isEmpty();
        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.getRouteId()).isEqualTo("source-b");
            assertThat(check.resolve(route, route.getInput().getEndpointUri()))
                    .as("the folder defaults to the source")
                    .startsWith("file:target/inbox/b?");
        });
        assertThat(camel.getRoutes())
                .as("nothing added")
                .extracting(r -> r.getRouteId())
                .containsExactlyInAnyOrder("intake", "store", "failed");

        // the parameters reach the endpoints: a scheme no component has is named
        assertThat(templatedProblemsOf(
                        templated("- { name: source, value: b }\n- { name: scheme, value: nosuch }"),
                        new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("route source-b")
                .contains("unknown component")
                .contains("nosuch");
    }

    @Test
    void anUnknownTemplateIsNamedWithTheTemplatesThereAre() {
        assertThat(templatedProblemsOf(
                        templated("- { name: source, value: b }")
                                .replace("routeTemplateRef: drop", "routeTemplateRef: dorp"),
                        new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("route source-b")
                .contains("no route template dorp")
                .contains("[drop]");
    }

    @Test
    void aMissingOrUnknownParameterIsNamed() {
        assertThat(templatedProblemsOf(templated("- { name: folder, value: b }"), new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("route source-b")
                .contains("needs the parameter source: the source the files come from");
        assertThat(templatedProblemsOf(
                        templated("- { name: source, value: b }\n- { name: fodler, value: c }"), new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("has no parameter fodler")
                .contains("[source, folder, scheme]");
    }

    @Test
    void aTemplatedRouteNeedsAnIdUniqueAmongTheRoutes() {
        assertThat(templatedProblemsOf(
                        templated("- { name: source, value: b }").replace("    routeId: source-b\n", ""),
                        new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("needs an id");
        assertThat(templatedProblemsOf(
                        templated("- { name: source, value: b }").replace("routeId: source-b", "routeId: store"),
                        new ArrayList<>()))
                .singleElement()
                .asString()
                .contains("already used");
    }

    @Test
    void aFileTellsItsRoutesTemplatedRoutesAndTemplates() {
        var file = check.parse(
                "file:routes/b.yaml",
                source("- to: { uri: direct:intake }") + templated("- { name: source, value: b }"));
        assertThat(file.routeIds()).containsExactly("source-a", "source-b");
        assertThat(RouteFileCheck.templatedRouteIds(templated("- { name: source, value: b }")))
                .containsExactly("source-b");
        assertThat(check.parse("file:routes/drop.yaml", TEMPLATE).templates()).containsOnlyKeys("drop");
    }

    @Test
    void aChangedTemplateNeedsARestartButAChangedCommentDoesNot() {
        var running = check.parse("file:routes/drop.yaml", TEMPLATE).templates();

        assertThat(RouteFileCheck.templateChange(
                        running,
                        check.parse("file:routes/drop.yaml", "# the file-drop template\n" + TEMPLATE)
                                .templates()))
                .isEmpty();
        assertThat(RouteFileCheck.templateChange(
                        running,
                        check.parse("file:routes/drop.yaml", TEMPLATE.replace("readLock: changed", "readLock: none"))
                                .templates()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("restart the hub", "drop changed"));
        assertThat(RouteFileCheck.templateChange(running, Map.of()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("drop removed"));
    }

    @Test
    void aRunningTemplatedRouteIsNamedWithItsFile() throws Exception {
        var located =
                new RouteFileCheck(camel, List.of("direct:intake"), id -> Optional.of("file:routes/" + id + ".yaml"));
        for (var templated : check.parse("file:routes/b.yaml", templated("- { name: source, value: b }"))
                .templatedRoutes()) {
            model().addRouteFromTemplatedRoute(templated);
        }

        assertThat(located.problems(
                        located.parse(
                                        "file:routes/c.yaml",
                                        source("- to: { uri: direct:intake }").replace("source-a", "source-b"))
                                .routes(),
                        Set.of()))
                .singleElement()
                .asString()
                .contains("route id source-b is already used by another route in file:routes/source-b.yaml");
    }
}
