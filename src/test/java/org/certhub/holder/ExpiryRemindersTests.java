package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certhub.licence.IssueOutcome;
import org.certhub.platform.HubSettings;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ResourceBundleMessageSource;

/** A reminder before a certificate lapses: once per threshold, to the contact on record, never twice. */
class ExpiryRemindersTests {

    private static final String ZHANG = RawRecords.idNumber(21);
    private static final String LI = RawRecords.idNumber(22);

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private Licences licences;
    private HolderContacts contacts;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean gatewayDown = new AtomicBoolean();
    private ExpiryReminders reminders;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        licences = Licences.in(hub);
        contacts = new HolderContacts(hub.jdbc(), hub.clock());
        HolderNotifier notifier = (contact, message) -> {
            if (gatewayDown.get()) {
                throw new IllegalStateException("the SMS gateway answers 503");
            }
            sent.add(contact.address() + " " + message);
        };
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        reminders = new ExpiryReminders(
                hub.library(),
                contacts,
                notifier,
                hub.catalogue(),
                HolderSettingsFor.defaults(),
                hub.jdbc(),
                messages,
                new HubSettings(hub.clock().getZone(), "https://zwfw.example.gov.cn"),
                hub.clock());
    }

    @Test
    void aHolderIsRemindedThirtyAndSevenDaysBeforeTheLastDayEachOnce() {
        var issued = licences.issue(RawRecords.examSystem("张三", ZHANG));
        contacts.set(ZHANG, HolderContact.mobile("13812345678"));
        LocalDate lastDay =
                hub.library().findVersion(issued.versionId()).orElseThrow().validTo();

        assertThat(reminders.remind(lastDay.minusDays(31))).isZero();
        assertThat(reminders.remind(lastDay.minusDays(20))).isEqualTo(1);
        assertThat(sent)
                .singleElement()
                .asString()
                .startsWith("13812345678 您的建筑施工企业安全生产管理人员安全生产考核合格证书（证书编号 " + issued.number() + "）")
                .contains("有效期至 " + lastDay + "，还有 20 天到期", "江苏省住房和城乡建设厅", "https://zwfw.example.gov.cn/holder")
                .doesNotContain(ZHANG);
        assertThat(reminders.remind(lastDay.minusDays(20)))
                .as("again the same day")
                .isZero();
        assertThat(reminders.remind(lastDay.minusDays(8)))
                .as("still the 30-day reminder's")
                .isZero();

        assertThat(reminders.remind(lastDay.minusDays(7))).isEqualTo(1);
        assertThat(sent.get(1)).contains("还有 7 天到期");
        assertThat(reminders.remind(lastDay.minusDays(1))).isZero();
        assertThat(reminders.remind(lastDay.plusDays(1))).as("lapsed").isZero();
        assertThat(sent).hasSize(2);
    }

    @Test
    void aCertificateFirstSeenWithinSevenDaysGetsOnlyTheSevenDayReminder() {
        var issued = licences.issue(RawRecords.examSystem("张三", ZHANG));
        contacts.set(ZHANG, HolderContact.email("zhang.san@example.com"));
        LocalDate lastDay =
                hub.library().findVersion(issued.versionId()).orElseThrow().validTo();

        assertThat(reminders.remind(lastDay.minusDays(3))).isEqualTo(1);
        assertThat(reminders.remind(lastDay.minusDays(2))).isZero();
        assertThat(hub.jdbc()
                        .sql("select days_before from holder_reminder")
                        .query(Integer.class)
                        .list())
                .containsExactly(7);
    }

    @Test
    void noContactOnRecordOrACertificateNotValidGetsNoReminder() {
        var withoutContact = licences.issue(RawRecords.examSystem("李四", LI));
        var suspended = licences.issue(RawRecords.examSystem("张三", ZHANG));
        contacts.set(ZHANG, HolderContact.mobile("13812345678"));
        assertThat(licences.apply(RawRecords.enforcement("暂扣", suspended.number(), "事故", "HR-1")))
                .isInstanceOf(IssueOutcome.StatusChanged.class);
        LocalDate lastDay = hub.library()
                .findVersion(withoutContact.versionId())
                .orElseThrow()
                .validTo();

        assertThat(reminders.remind(lastDay.minusDays(5))).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void aReminderTheGatewayRefusedIsSentOnTheNextRun() {
        var issued = licences.issue(RawRecords.examSystem("张三", ZHANG));
        contacts.set(ZHANG, HolderContact.mobile("13812345678"));
        LocalDate lastDay =
                hub.library().findVersion(issued.versionId()).orElseThrow().validTo();

        gatewayDown.set(true);
        assertThat(reminders.remind(lastDay.minusDays(30))).isZero();
        gatewayDown.set(false);
        assertThat(reminders.remind(lastDay.minusDays(29))).isEqualTo(1);
        assertThat(reminders.remind(lastDay.minusDays(28))).isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void theThresholdIsTheNearestNotBelowTheDaysLeft() {
        List<Integer> days = HolderSettingsFor.with(Map.of("reminders.days", "7,30,1"))
                .reminders()
                .days();
        assertThat(days).containsExactly(1, 7, 30);
        assertThat(ExpiryReminders.threshold(days, 30)).isEqualTo(30);
        assertThat(ExpiryReminders.threshold(days, 8)).isEqualTo(30);
        assertThat(ExpiryReminders.threshold(days, 7)).isEqualTo(7);
        assertThat(ExpiryReminders.threshold(days, 1)).isEqualTo(1);
        assertThat(ExpiryReminders.threshold(days, 0)).isEqualTo(1);
    }
}
