package org.certhub.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.intake.Delivery;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.intake.RawRecordStores;
import org.certhub.intake.RecordStories;
import org.certhub.intake.formats.RawRow;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.LicenceLibraries;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.ManualSealing;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalizer;
import org.certhub.platform.CerthubPaths;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What a stage bean finds around it in the hub, built by hand for a unit test without Spring or Camel: the real
 * migrations in an in-memory H2 of its own, the real catalogue ({@code config/catalog}, or a variant) and mappings
 * ({@code mappings/}), the raw record store, the licence library, a fixed clock, folders under a test's temporary
 * folder, and every application event the library raises, recorded.
 */
public final class InMemoryHub {

    /** The safety-management staff certificate, which the exam system, the bureaus and the enforcement system feed. */
    public static final String SAFETY_STAFF = "11100000000013338W011";

    /**
     * 16:30 on 6 December 2026 in UTC, which is already 00:30 on 7 December in the issuing authority's zone: dates
     * taken from the JVM's zone or from UTC instead of the clock's are a day off.
     */
    public static final Clock SHANGHAI_JUST_AFTER_MIDNIGHT =
            Clock.fixed(Instant.parse("2026-12-06T16:30:00Z"), ZoneId.of("Asia/Shanghai"));

    private final Clock clock;
    private final Catalogue catalogue;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final Mappings mappings;
    private final RawRecordStore rawRecords;
    private final RecordStories stories;
    private final LicenceLibrary library;
    private final CerthubPaths paths;
    private final List<Object> events = new CopyOnWriteArrayList<>();

    private InMemoryHub(Clock clock, Path dir, Catalogue catalogue) {
        this.clock = clock;
        this.catalogue = catalogue;
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure()
                .dataSource(h2)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        this.dataSource = h2;
        this.jdbc = JdbcClient.create(h2);
        this.transactions = new DataSourceTransactionManager(h2);
        // each hub its own, so that a test may replace them (a fixed mapping) without touching the others
        this.mappings = Mappings.load(Path.of("mappings"), catalogue);
        this.rawRecords = RawRecordStores.create(h2, clock);
        this.stories = RawRecordStores.stories(h2, rawRecords);
        this.library = LicenceLibraries.create(h2, clock, events());
        this.paths = new CerthubPaths(dir.resolve("data"), dir.resolve("inbox"), dir.resolve("outbox"));
    }

    /** A new hub with an empty database of its own, and its folders under {@code dir}. */
    public static InMemoryHub at(Clock clock, Path dir) {
        return new InMemoryHub(clock, dir, Catalogues.shipped());
    }

    /** A new hub on another catalogue than the shipped one (see {@link Catalogues}). */
    public static InMemoryHub at(Clock clock, Path dir, Catalogue catalogue) {
        return new InMemoryHub(clock, dir, catalogue);
    }

    /** Stores the rows, all of one source, as one delivery, and returns them as the intake hands them on. */
    public List<RawRecord> receive(RawRecords.Row... rows) {
        String source = rows[0].source();
        if (Arrays.stream(rows).anyMatch(r -> !r.source().equals(source))) {
            throw new IllegalArgumentException("one delivery comes from one source");
        }
        Delivery delivery = rawRecords.openDelivery(source, "test", null, null);
        var raw = new ArrayList<RawRow>();
        for (int i = 0; i < rows.length; i++) {
            raw.add(new RawRow(i + 2, rows[i].payload()));
        }
        return rawRecords.store(delivery, raw);
    }

    /** Stores one row as a delivery of its own. */
    public RawRecord receive(RawRecords.Row row) {
        return receive(new RawRecords.Row[] {row}).get(0);
    }

    public Clock clock() {
        return clock;
    }

    /** Today in the authority's zone, the clock's. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public PlatformTransactionManager transactions() {
        return transactions;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public CertificateType type(String code) {
        return catalogue.get(code);
    }

    public Mappings mappings() {
        return mappings;
    }

    public Normalizer normalizer() {
        return new Normalizer(mappings, catalogue);
    }

    public RawRecordStore rawRecords() {
        return rawRecords;
    }

    /** What became of a record, as operators see it. */
    public RecordStories.RecordStory story(long recordId) {
        return stories.find(recordId).orElseThrow();
    }

    public LicenceLibrary library() {
        return library;
    }

    /** The licence side of manual sealing, on the same database and events as the library. */
    public ManualSealing manualSealing() {
        return LicenceLibraries.manualSealing(dataSource, clock, events());
    }

    public CerthubPaths paths() {
        return paths;
    }

    /** Records every event published to it. */
    public ApplicationEventPublisher events() {
        return events::add;
    }

    /** The events of a kind raised so far, oldest first. */
    public <T extends LicenceEvent> List<T> events(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The events of any kind (not only licence events) published so far, oldest first. */
    public <T> List<T> published(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Forgets the events raised so far, so that a test sees only those of the step it checks. */
    public void forgetEvents() {
        events.clear();
    }
}
