package org.certhub.licence;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Builds the licence library outside Spring for the stage tests of other packages: its constructor, and that of
 * {@link ManualSealing}, are package-private, as a bean's should be.
 */
public final class LicenceLibraries {

    private LicenceLibraries() {}

    /** The library on the data source, its transactions on the same data source. */
    public static LicenceLibrary create(DataSource dataSource, Clock clock, ApplicationEventPublisher events) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new LicenceLibrary(
                jdbc,
                new DataSourceTransactionManager(dataSource),
                manualSealing(dataSource, clock, events),
                clock,
                events);
    }

    public static ManualSealing manualSealing(DataSource dataSource, Clock clock, ApplicationEventPublisher events) {
        return new ManualSealing(JdbcClient.create(dataSource), clock, events);
    }
}
