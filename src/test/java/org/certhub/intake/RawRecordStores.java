package org.certhub.intake;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Builds the raw record store and its story view outside Spring for the stage tests of other packages: their
 * constructors are package-private.
 */
public final class RawRecordStores {

    private RawRecordStores() {}

    public static RawRecordStore create(DataSource dataSource, Clock clock) {
        return new RawRecordStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource), clock);
    }

    public static RecordStories stories(DataSource dataSource, RawRecordStore store) {
        return new RecordStories(JdbcClient.create(dataSource), store);
    }
}
