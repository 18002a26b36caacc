package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceLibraries;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.HubSettings;
import org.certhub.testing.Catalogues;
import org.certhub.testing.MutableClock;
import org.certhub.testing.PostgresSchema;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The holder's tables and the library's new questions on PostgreSQL, the production database (the unit tests run them
 * on H2): sessions and codes, the lockout, contacts, a holder's certificates and the reminders' one-per-threshold rule,
 * whose duplicate key PostgreSQL reports in its own words.
 */
class HolderTablesPostgresIntegrationTests {

    private static final String HOLDER = RawRecords.idNumber(61);
    private static final String TYPE = "11100000000013338W011";

    private static PostgresSchema schema;
    private static JdbcClient jdbc;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));

    @BeforeAll
    static void migrate() {
        schema = PostgresSchema.migrated("certhub_holder_");
        jdbc = JdbcClient.create(schema.dataSource());
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.drop();
        }
    }

    @Test
    void sessionsCodesAndTheLockoutWorkOnPostgres() {
        var sessions = new HolderSessions(jdbc, HolderSettingsFor.defaults(), clock);
        String waiting = sessions.codeSent(HOLDER, "123456");
        assertThat(sessions.confirm(waiting, "654321")).isEqualTo(new HolderSessions.Confirmation.Wrong(4));
        var signedIn = (HolderSessions.Confirmation.SignedIn) sessions.confirm(waiting, "123456");
        assertThat(sessions.signedIn(signedIn.id())).contains(HOLDER);
        assertThat(sessions.codesSentLastHour(HOLDER)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(70));
        assertThat(sessions.signedIn(signedIn.id())).isEmpty();
        assertThat(sessions.purge()).isEqualTo(2);

        var failures = new SignInFailures(jdbc, HolderSettingsFor.defaults(), clock);
        String pair = SignInForm.of(HOLDER, "张三", "x").pairKey();
        for (int i = 0; i < 5; i++) {
            failures.failed(pair);
        }
        assertThat(failures.lockedFor(pair)).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(16));
        assertThat(failures.purge()).isEqualTo(1);

        var contacts = new HolderContacts(jdbc, clock);
        contacts.set(HOLDER, HolderContact.mobile("13812345678"));
        contacts.set(HOLDER, HolderContact.email("zhang.san@example.com"));
        assertThat(contacts.of(HOLDER)).contains(HolderContact.email("zhang.san@example.com"));
    }

    @Test
    void aHoldersCertificatesAndTheirRemindersWorkOnPostgres() {
        var shanghai = java.time.Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
        Catalogue catalogue = Catalogues.shipped();
        LicenceLibrary library = LicenceLibraries.create(schema.dataSource(), shanghai, event -> {});
        String holder = RawRecords.idNumber(62);
        LocalDate issuedOn = LocalDate.of(2026, 12, 7);
        for (String category : List.of("A", "B")) {
            new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource())).execute(s -> {
                var outcome = library.issueNew(
                        catalogue.get(TYPE),
                        Map.of("holderName", "张三", "holderIdNumber", holder, "category", category),
                        "holder-pg|" + category,
                        0L,
                        issuedOn);
                return (IssueOutcome.Issued) outcome;
            });
        }
        assertThat(library.certificatesOfHolder(holder))
                .extracting(LicenceVersionView::number)
                .containsExactly("苏建安B(2026)0000001", "苏建安A(2026)0000001");
        LocalDate lastDay = library.certificatesOfHolder(holder).get(0).validTo();
        assertThat(library.validEndingBetween(lastDay.minusDays(1), lastDay)).hasSize(2);
        assertThat(library.validEndingBetween(lastDay.plusDays(1), lastDay.plusDays(30)))
                .isEmpty();

        var contacts = new HolderContacts(jdbc, shanghai);
        contacts.set(holder, HolderContact.mobile("13812345678"));
        List<String> sent = new CopyOnWriteArrayList<>();
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        var reminders = new ExpiryReminders(
                library,
                contacts,
                (contact, message) -> sent.add(message),
                catalogue,
                HolderSettingsFor.defaults(),
                jdbc,
                messages,
                new HubSettings(shanghai.getZone(), "https://zwfw.example.gov.cn"),
                shanghai);

        assertThat(reminders.remind(lastDay.minusDays(10))).isEqualTo(2);
        assertThat(reminders.remind(lastDay.minusDays(10))).isZero();
        assertThat(sent).hasSize(2);
    }
}
