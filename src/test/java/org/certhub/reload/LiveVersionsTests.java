package org.certhub.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.certhub.platform.Node;
import org.certhub.testing.MigratedH2;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Every node reports what it runs into the database the nodes share, and any node tells where they differ: a node
 * started with another route file, or one that refused an edit the other took.
 */
class LiveVersionsTests {

    private static final Instant LOADED = Instant.parse("2026-12-07T01:00:00Z");

    private final DataSource database = MigratedH2.database();

    private LiveVersions node(String name) {
        return new LiveVersions(
                JdbcClient.create(database),
                new DataSourceTransactionManager(database),
                Clock.systemUTC(),
                new Node(name));
    }

    private static LiveVersions.LiveFile route(String file, String sha256, String problem) {
        return new LiveVersions.LiveFile("route", file, sha256, LOADED, problem);
    }

    private static LiveVersions.LiveFile mapping(String file, String version) {
        return new LiveVersions.LiveFile("mapping", file, version, LOADED, null);
    }

    @Test
    void nodesRunningTheSameFilesShowNoDifference() {
        node("node-a").report(List.of(route("pipeline.yaml", "aaa", null), mapping("exam-system.yaml", "1")));
        node("node-b").report(List.of(route("pipeline.yaml", "aaa", null), mapping("exam-system.yaml", "1")));

        var nodes = node("node-a").nodes();

        assertThat(nodes).extracting(LiveVersions.NodeFiles::node).containsExactly("node-a", "node-b");
        assertThat(nodes.get(1).files()).hasSize(2);
        assertThat(LiveVersions.differences(nodes)).isEmpty();
    }

    @Test
    void aNodeStartedWithAnotherRouteFileAndARefusedEditAreBothShownByEveryNode() {
        node("node-a").report(List.of(route("exam-system.yaml", "aaa", null), mapping("exam-system.yaml", "2")));
        node("node-b")
                .report(List.of(
                        route("exam-system.yaml", "bbb", null),
                        mapping("exam-system.yaml", "1"),
                        route("extra.yaml", "ccc", "路由文件无效 (not a route file)")));

        var differences = LiveVersions.differences(node("node-a").nodes());

        assertThat(differences)
                .extracting(LiveVersions.Difference::kind, LiveVersions.Difference::file)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mapping", "exam-system.yaml"),
                        org.assertj.core.groups.Tuple.tuple("route", "exam-system.yaml"),
                        org.assertj.core.groups.Tuple.tuple("route", "extra.yaml"));
        assertThat(differences.get(1).byNode()).isEqualTo(Map.of("node-a", "aaa", "node-b", "bbb"));
        assertThat(differences.get(2).byNode())
                .containsEntry("node-a", "-")
                .hasEntrySatisfying("node-b", v -> assertThat(v).startsWith("ccc (refused: "));
    }

    @Test
    void aNodeReportingAgainReplacesWhatItReportedBefore() {
        node("node-a").report(List.of(route("old.yaml", "aaa", null)));
        node("node-a").report(List.of(route("new.yaml", "bbb", null)));

        assertThat(node("node-b").nodes())
                .singleElement()
                .satisfies(n -> assertThat(n.files())
                        .extracting(LiveVersions.LiveFile::file)
                        .containsExactly("new.yaml"));
    }
}
