package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class UpstreamDatabasesTests {

    @Test
    void aSourceNamesItsDataSourceBeanInCamelCase() {
        assertThat(UpstreamDatabases.beanName("enforcement-system")).isEqualTo("enforcementSystemDataSource");
        assertThat(UpstreamDatabases.beanName("city_bureau-2")).isEqualTo("cityBureau2DataSource");
    }

    @Test
    void aRelativeH2FileIsResolvedAgainstTheWorkingDirectory() {
        String absolute =
                Path.of("data/upstream/enforcement-system").toAbsolutePath().toString();
        assertThat(UpstreamDatabases.absoluteH2Path("jdbc:h2:file:data/upstream/enforcement-system;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:" + absolute + ";AUTO_SERVER=TRUE");
        assertThat(UpstreamDatabases.absoluteH2Path("jdbc:h2:file:/srv/certhub/x"))
                .isEqualTo("jdbc:h2:file:/srv/certhub/x");
        assertThat(UpstreamDatabases.absoluteH2Path("jdbc:h2:file:./x")).isEqualTo("jdbc:h2:file:./x");
        assertThat(UpstreamDatabases.absoluteH2Path("jdbc:mariadb://db:3306/enforcement"))
                .isEqualTo("jdbc:mariadb://db:3306/enforcement");
    }

    @Test
    void columnValuesBecomeTheTextASampleWouldHold() {
        assertThat(RecordIntake.columnText(Date.valueOf(LocalDate.of(2026, 11, 20))))
                .isEqualTo("2026-11-20");
        assertThat(RecordIntake.columnText(Timestamp.valueOf(LocalDateTime.of(2026, 11, 20, 9, 30))))
                .isEqualTo("2026-11-20T09:30");
        assertThat(RecordIntake.columnText(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(RecordIntake.columnText(17L)).isEqualTo("17");
        assertThat(RecordIntake.columnText(null)).isNull();
    }
}
