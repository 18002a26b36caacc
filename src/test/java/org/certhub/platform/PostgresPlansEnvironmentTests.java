package org.certhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.certhub.testing.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

/** On PostgreSQL every statement is planned with its values; elsewhere, and where the operator chose, nothing changes. */
class PostgresPlansEnvironmentTests {

    private static MockEnvironment after(MockEnvironment environment) {
        new PostgresPlansEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void onPostgresqlTheConnectionsAskForCustomPlans() {
        var environment =
                after(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/certhub"));
        assertThat(environment.getProperty(PostgresPlansEnvironment.OPTIONS))
                .isEqualTo("-c plan_cache_mode=force_custom_plan");
    }

    @Test
    void theEmbeddedDefaultAndAnOperatorsOwnOptionsAreLeftAlone() {
        assertThat(after(new MockEnvironment()).getProperty(PostgresPlansEnvironment.OPTIONS))
                .isNull();
        assertThat(after(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/db/certhub"))
                        .getProperty(PostgresPlansEnvironment.OPTIONS))
                .isNull();
        assertThat(after(new MockEnvironment()
                                .withProperty(
                                        "spring.datasource.url",
                                        "jdbc:postgresql://db/certhub?options=-c%20statement_timeout%3D5000"))
                        .getProperty(PostgresPlansEnvironment.OPTIONS))
                .isNull();
        assertThat(after(new MockEnvironment()
                                .withProperty("spring.datasource.url", "jdbc:postgresql://db/certhub")
                                .withProperty(PostgresPlansEnvironment.OPTIONS, "-c work_mem=64MB"))
                        .getProperty(PostgresPlansEnvironment.OPTIONS))
                .isEqualTo("-c work_mem=64MB");
    }

    @Test
    void thePoolsConnectionsToTheMachinesPostgresqlPlanWithTheirValues() {
        PostgresSchema schema = PostgresSchema.migrated("certhub_plans_");
        try (var pool = new HikariDataSource()) {
            pool.setJdbcUrl(schema.url());
            pool.setUsername("postgres");
            pool.addDataSourceProperty("options", PostgresPlansEnvironment.CUSTOM_PLANS);
            assertThat(JdbcClient.create(pool)
                            .sql("show plan_cache_mode")
                            .query(String.class)
                            .single())
                    .isEqualTo("force_custom_plan");
        } finally {
            schema.drop();
        }
    }
}
