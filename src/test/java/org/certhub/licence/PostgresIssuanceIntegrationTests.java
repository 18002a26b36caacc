package org.certhub.licence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.codes.LicenceIdentifier;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Flyway migrations run unchanged on the machine's PostgreSQL, and issuance works there: numbers stay unique
 * and gapless per category and year under concurrent issuance, and a business key is issued once.
 */
class PostgresIssuanceIntegrationTests {

    private static PostgresSchema schema;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void migrate() {
        schema = PostgresSchema.migrated("certhub_it_");
        dataSource = schema.dataSource();
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }

    @Test
    void concurrentIssuanceKeepsNumbersUniqueAndGapless() throws Exception {
        CertificateType type = Catalogue.load(Path.of("config/catalog")).get("11100000000013338W011");
        var transactions = new DataSourceTransactionManager(dataSource);
        var raised = Collections.synchronizedList(new ArrayList<Object>());
        ApplicationEventPublisher events = raised::add;
        var library = new LicenceLibrary(
                JdbcClient.create(dataSource),
                transactions,
                new ManualSealing(JdbcClient.create(dataSource), Clock.systemUTC(), events),
                Clock.systemUTC(),
                events);
        var tx = new TransactionTemplate(transactions);
        var pool = Executors.newFixedThreadPool(4);
        var futures = new ArrayList<Future<IssueOutcome>>();
        for (int i = 0; i < 60; i++) {
            String id = ExamSystemCsv.idNumber("320102", "19800101", i);
            var data = new HashMap<String, String>();
            data.put("holderName", "并发" + i);
            data.put("holderIdNumber", id);
            data.put("category", "B");
            long record = i;
            futures.add(pool.submit((Callable<IssueOutcome>) () -> tx.execute(
                    s -> library.issueNew(type, data, id + "|B|2026-10-15", record, LocalDate.of(2026, 11, 27)))));
        }
        var numbers = new ArrayList<String>();
        for (var f : futures) {
            numbers.add(((IssueOutcome.Issued) f.get()).number());
        }
        pool.shutdown();
        Collections.sort(numbers);
        assertThat(numbers).doesNotHaveDuplicates().hasSize(60);
        assertThat(numbers.get(0)).isEqualTo("苏建安B(2026)0000001");
        assertThat(numbers.get(59)).isEqualTo("苏建安B(2026)0000060");

        var again = new HashMap<String, String>();
        again.put("holderName", "并发0");
        again.put("holderIdNumber", ExamSystemCsv.idNumber("320102", "19800101", 0));
        again.put("category", "B");
        IssueOutcome outcome = tx.execute(s -> library.issueNew(
                type,
                again,
                ExamSystemCsv.idNumber("320102", "19800101", 0) + "|B|2026-10-15",
                999,
                LocalDate.of(2026, 11, 27)));
        assertThat(outcome).isInstanceOf(IssueOutcome.Duplicate.class);
        // every licence raised one event, a duplicate none
        assertThat(raised)
                .hasSize(60)
                .allSatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                LicenceEvent.VersionIssued.class,
                                issued -> assertThat(issued.operation()).isEqualTo(Operation.NEW)));

        List<String> identifiers = JdbcClient.create(dataSource)
                .sql("select identifier from licence_version")
                .query(String.class)
                .list();
        assertThat(identifiers)
                .hasSize(60)
                .allSatisfy(i -> assertThat(LicenceIdentifier.parse(i)).isNotNull());
    }
}
