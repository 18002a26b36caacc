package org.certhub.holder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.HubSettings;
import org.certhub.platform.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Reminds holders before a certificate lapses: once a day ({@code certhub.holder.reminders.cron}, on one node: the job's
 * cluster lock), each valid certificate in force whose last day is at most the largest of
 * {@code certhub.holder.reminders.days} away gets the reminder of the nearest threshold not below its days left (30
 * days before, then 7, by default), through the {@link HolderNotifier}, to the holder's contact on record. Each
 * reminder is recorded ({@code holder_reminder}: licence, last day, threshold) before it is sent, so none is sent
 * twice, whatever the runs and nodes; one that could not be handed to the gateway is forgotten and tried on the next
 * run. A holder without a contact on record gets none. A renewal's new last day is reminded again.
 */
@Component
class ExpiryReminders {

    private static final Logger log = LoggerFactory.getLogger(ExpiryReminders.class);

    /** GB/T 36903's holder code type of the citizen ID number: reminders go to people. */
    private static final String CITIZEN_ID = "111";

    private final LicenceLibrary library;
    private final HolderContacts contacts;
    private final HolderNotifier notifier;
    private final Catalogue catalogue;
    private final HolderSettings settings;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final String corner;
    private final Clock clock;

    ExpiryReminders(
            LicenceLibrary library,
            HolderContacts contacts,
            HolderNotifier notifier,
            Catalogue catalogue,
            HolderSettings settings,
            JdbcClient jdbc,
            MessageSource messages,
            HubSettings hub,
            Clock clock) {
        this.library = library;
        this.contacts = contacts;
        this.notifier = notifier;
        this.catalogue = catalogue;
        this.settings = settings;
        this.jdbc = jdbc;
        this.messages = messages;
        this.corner = hub.publicBaseUrl() + "/holder";
        this.clock = clock;
    }

    @Autowired
    void schedule(Jobs jobs) {
        if (!settings.reminders().cron().equals(ScheduledTaskRegistrar.CRON_DISABLED)) {
            jobs.onCron(
                    "holder-reminders",
                    () -> remind(LocalDate.now(clock)),
                    settings.reminders().cron(),
                    clock.getZone(),
                    settings.reminders().timeout());
        }
    }

    /** Sends the reminders due on the day; returns how many were sent. */
    synchronized int remind(LocalDate today) {
        List<Integer> days = settings.reminders().days();
        int sent = 0;
        for (LicenceVersionView v : library.validEndingBetween(today, today.plusDays(days.get(days.size() - 1)))) {
            Optional<CertificateType> type =
                    catalogue.find(v.typeCode()).filter(t -> CITIZEN_ID.equals(t.holderCodeType()));
            if (type.isEmpty()) {
                continue;
            }
            Optional<HolderContact> contact =
                    contacts.of(v.data().get(type.get().holderCodeField()));
            if (contact.isEmpty()) {
                continue;
            }
            long daysLeft = ChronoUnit.DAYS.between(today, v.validTo());
            int threshold = threshold(days, daysLeft);
            if (!claim(v, threshold)) {
                continue;
            }
            try {
                notifier.send(contact.get(), message(type.get(), v, daysLeft));
                sent++;
            } catch (RuntimeException e) {
                log.warn(
                        "The expiry reminder of {} could not be sent to {}; the next run tries again: {}",
                        v.number(),
                        contact.get().masked(),
                        e.toString());
                jdbc.sql("delete from holder_reminder where licence_id = ? and valid_to = ? and days_before = ?")
                        .params(v.licenceId(), v.validTo(), threshold)
                        .update();
            }
        }
        if (sent > 0) {
            log.info("Expiry reminders: {} sent", sent);
        }
        return sent;
    }

    /** The nearest threshold not below the days left (the thresholds in ascending order). */
    static int threshold(List<Integer> ascending, long daysLeft) {
        for (int days : ascending) {
            if (daysLeft <= days) {
                return days;
            }
        }
        throw new IllegalArgumentException(daysLeft + " days left is beyond every threshold " + ascending);
    }

    /** Records the reminder as sent; false when it was already (by an earlier run, or another node). */
    private boolean claim(LicenceVersionView v, int threshold) {
        try {
            jdbc.sql("""
                    insert into holder_reminder (licence_id, valid_to, days_before, sent_at) values (?, ?, ?, ?)""")
                    .params(v.licenceId(), v.validTo(), threshold, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))
                    .update();
            return true;
        } catch (DuplicateKeyException alreadySent) {
            return false;
        }
    }

    /** In Chinese: a reminder goes out by SMS or mail, with no page to take its language from. */
    private String message(CertificateType type, LicenceVersionView v, long daysLeft) {
        return messages.getMessage(
                "holder.reminder.message",
                new Object[] {
                    type.name(),
                    v.number(),
                    v.validTo().toString(),
                    daysLeft,
                    type.issuingAuthority().name(),
                    corner
                },
                Locale.SIMPLIFIED_CHINESE);
    }
}
