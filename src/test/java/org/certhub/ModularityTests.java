package org.certhub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Package by feature: each top-level package of {@code org.certhub} (a slice: {@code org.certhub.intake..},
 * {@code org.certhub.signing..}, ...) may use others, but no two may use each other, directly or around a circle.
 * Classes of the root package itself ({@code CerthubApplication}) are in no slice. A second rule holds every package,
 * sub-packages included, to the same.
 */
class ModularityTests {

    private static final String ROOT = "org.certhub";

    /** Test sources with a deliberate cycle between their two top-level packages, {@code a} and {@code b}. */
    private static final String FIXTURE_ROOT = "org.certhub.modularityfixture";

    /** The rule: the top-level packages under {@code root} are free of cycles. */
    static ArchRule topLevelPackagesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void topLevelPackagesOfTheMainCodeAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(ROOT);
        assertThat(classes.contain(CerthubApplication.class))
                .as("main classes imported")
                .isTrue();
        assertThat(classes.stream().map(JavaClass::getPackageName))
                .as("test classes not imported")
                .noneMatch(name -> name.startsWith(FIXTURE_ROOT));

        EvaluationResult result = topLevelPackagesAreFreeOfCycles(ROOT).evaluate(classes);

        if (result.hasViolation()) {
            throw new AssertionError(cycleEdges(classes, ROOT) + "\nArchUnit's report:\n" + result.getFailureReport());
        }
    }

    /** Inside a feature too: a port's package and its adapters' ({@code sealing} and {@code sealing.keys}) do not use each other. */
    @Test
    void noTwoPackagesOfTheMainCodeUseEachOther() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(ROOT);

        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theRuleFindsADeliberateCycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);
        assertThat(fixture.contain("org.certhub.modularityfixture.a.FixtureA")).isTrue();
        assertThat(fixture.contain("org.certhub.modularityfixture.b.FixtureB")).isTrue();

        EvaluationResult result = topLevelPackagesAreFreeOfCycles(FIXTURE_ROOT).evaluate(fixture);

        assertThat(result.hasViolation())
                .as("the cycle a -> b -> a is reported")
                .isTrue();
        assertThat(cycleEdges(fixture, FIXTURE_ROOT)).contains("a -> b", "b -> a");
    }

    /**
     * The edges between top-level packages that lie on a cycle, grouped by strongly connected component, each with
     * its number of class dependencies and the first few of them: a checklist shorter than ArchUnit's report, which
     * lists every cycle through the same edges again.
     */
    static String cycleEdges(JavaClasses classes, String root) {
        Map<String, Map<String, List<Dependency>>> graph = new TreeMap<>();
        for (JavaClass origin : classes) {
            String from = sliceOf(origin, root);
            if (from == null) {
                continue;
            }
            graph.computeIfAbsent(from, slice -> new TreeMap<>());
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                String to = sliceOf(dependency.getTargetClass().getBaseComponentType(), root);
                if (to != null && !to.equals(from)) {
                    graph.get(from)
                            .computeIfAbsent(to, slice -> new ArrayList<>())
                            .add(dependency);
                }
            }
        }
        StringBuilder report = new StringBuilder("Cycles between the top-level packages of " + root + ":\n");
        for (Set<String> component : stronglyConnectedComponents(graph)) {
            report.append("- packages on a common cycle: ")
                    .append(String.join(", ", component))
                    .append('\n');
            for (String from : component) {
                for (var edge : graph.get(from).entrySet()) {
                    if (!component.contains(edge.getKey())) {
                        continue;
                    }
                    List<Dependency> dependencies = edge.getValue();
                    report.append("    ")
                            .append(from)
                            .append(" -> ")
                            .append(edge.getKey())
                            .append(" (")
                            .append(dependencies.size())
                            .append(" dependencies), e.g.\n");
                    dependencies.stream()
                            .map(Dependency::getDescription)
                            .distinct()
                            .limit(3)
                            .forEach(description -> report.append("        ")
                                    .append(description)
                                    .append('\n'));
                }
            }
        }
        return report.toString();
    }

    /** The top-level package of {@code type} under {@code root}, or null outside of one. */
    private static String sliceOf(JavaClass type, String root) {
        String name = type.getPackageName();
        if (!name.startsWith(root + ".")) {
            return null;
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Tarjan's algorithm; only the components of more than one slice, which are the cycles. */
    private static List<Set<String>> stronglyConnectedComponents(Map<String, Map<String, List<Dependency>>> graph) {
        var tarjan = new Object() {
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> lowLink = new HashMap<>();
            final Deque<String> stack = new ArrayDeque<>();
            final List<Set<String>> components = new ArrayList<>();

            void visit(String slice) {
                index.put(slice, index.size());
                lowLink.put(slice, index.get(slice));
                stack.push(slice);
                for (String next : graph.getOrDefault(slice, Map.of()).keySet()) {
                    if (!index.containsKey(next)) {
                        visit(next);
                        lowLink.put(slice, Math.min(lowLink.get(slice), lowLink.get(next)));
                    } else if (stack.contains(next)) {
                        lowLink.put(slice, Math.min(lowLink.get(slice), index.get(next)));
                    }
                }
                if (lowLink.get(slice).equals(index.get(slice))) {
                    Set<String> component = new TreeSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        component.add(member);
                    } while (!member.equals(slice));
                    if (component.size() > 1) {
                        components.add(component);
                    }
                }
            }
        };
        for (String slice : graph.keySet()) {
            if (!tarjan.index.containsKey(slice)) {
                tarjan.visit(slice);
            }
        }
        return tarjan.components;
    }
}
