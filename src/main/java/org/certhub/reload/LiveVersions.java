package org.certhub.reload;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.certhub.platform.Node;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every hub node runs, in the database they share ({@code node_live_file}, written only here): each node replaces
 * its own rows with its route files (by SHA-256) and mappings (by version) whenever that changes, so that any node can
 * tell which nodes run which version of a file, and where they differ (an edit one node refused, or a node started
 * with another file).
 */
@Component
public class LiveVersions {

    /** One file as one node runs it. */
    public record LiveFile(String kind, String file, String version, Instant loadedAt, String problem) {}

    /** One node's files, and when it last reported them. */
    public record NodeFiles(String node, Instant reportedAt, List<LiveFile> files) {}

    /** A file the nodes do not run alike: its version (or problem) on each node; "-" where a node lacks it. */
    public record Difference(String kind, String file, Map<String, String> byNode) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String node;

    LiveVersions(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, Node node) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.node = node.name();
    }

    /** Replaces what this node reported with what it runs now. */
    public void report(List<LiveFile> files) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from node_live_file where node = ?").param(node).update();
            for (LiveFile f : files) {
                jdbc.sql("""
                        insert into node_live_file (node, kind, file, version, loaded_at, problem, reported_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                        .params(
                                node,
                                f.kind(),
                                f.file(),
                                f.version(),
                                f.loadedAt() == null ? null : f.loadedAt().atOffset(ZoneOffset.UTC),
                                f.problem() == null
                                        ? null
                                        : f.problem().length() > 4000
                                                ? f.problem().substring(0, 4000)
                                                : f.problem(),
                                now)
                        .update();
            }
        });
    }

    /** Every node's files, by node name. */
    public List<NodeFiles> nodes() {
        var byNode = new TreeMap<String, List<LiveFile>>();
        var reported = new TreeMap<String, Instant>();
        jdbc.sql("""
                select node, kind, file, version, loaded_at, problem, reported_at from node_live_file
                order by node, kind, file""").query(rs -> {
            String name = rs.getString(1);
            OffsetDateTime loaded = rs.getObject(5, OffsetDateTime.class);
            byNode.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(new LiveFile(
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            loaded == null ? null : loaded.toInstant(),
                            rs.getString(6)));
            reported.merge(name, rs.getObject(7, OffsetDateTime.class).toInstant(), (a, b) -> a.isAfter(b) ? a : b);
        });
        return byNode.entrySet().stream()
                .map(e -> new NodeFiles(e.getKey(), reported.get(e.getKey()), List.copyOf(e.getValue())))
                .toList();
    }

    /** The files that not every node runs in the same version without a problem. */
    public static List<Difference> differences(List<NodeFiles> nodes) {
        var keys = new TreeSet<String>();
        nodes.forEach(n -> n.files().forEach(f -> keys.add(f.kind() + "\u0000" + f.file())));
        var differences = new ArrayList<Difference>();
        for (String key : keys) {
            String kind = key.substring(0, key.indexOf('\u0000'));
            String file = key.substring(key.indexOf('\u0000') + 1);
            var byNode = new TreeMap<String, String>();
            for (NodeFiles n : nodes) {
                LiveFile f = n.files().stream()
                        .filter(x -> x.kind().equals(kind) && x.file().equals(file))
                        .findFirst()
                        .orElse(null);
                byNode.put(
                        n.node(),
                        f == null
                                ? "-"
                                : (f.version() == null ? "-" : f.version())
                                        + (f.problem() == null ? "" : " (refused: " + f.problem() + ")"));
            }
            if (new TreeSet<>(byNode.values()).size() > 1
                    || byNode.values().stream().anyMatch(v -> v.contains("(refused: "))) {
                differences.add(new Difference(kind, file, byNode));
            }
        }
        return differences;
    }
}
