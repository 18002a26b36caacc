package org.certhub.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * An integration test on the shared standard hub: the embedded default (H2, in-process Artemis, demo keys) with the
 * shipped routes, mappings and catalogue plus a few test sources, on the folders {@link SharedHub#ROOT}. Every class
 * with this annotation and nothing else that changes the configuration (no {@code properties}, no
 * {@code @TestPropertySource}, {@code @DynamicPropertySource}, {@code @MockitoBean}, nested
 * {@code @TestConfiguration} or {@code @DirtiesContext}) runs on one Spring context, started once in the Failsafe
 * JVM: it saves a hub start per class (CONTRIBUTING.md has the numbers).
 *
 * <p>A test on the shared hub is not alone in it. It uses its own holders (ID numbers no other test uses), its own
 * file names and message references, and counts only what it made: by its holders, its files or its sources, never
 * all licences, rejects or files of the hub. It does not delete the shared folders, and leaves the configuration as
 * it found it. A test that needs settings of its own (a catalogue, a seals file, a TSA, another database, a short
 * sweeper) keeps its own {@code @SpringBootTest} and says why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certhub.paths.data=" + SharedHub.DIR + "/data",
            "certhub.paths.inbox=" + SharedHub.DIR + "/inbox",
            "certhub.paths.outbox=" + SharedHub.DIR + "/outbox",
            "certhub.mappings.dir=" + SharedHub.DIR + "/mappings",
            "certhub.routes.dir=" + SharedHub.DIR + "/routes",
            "certhub.intake.file-min-age=200",
            // EmbeddedEnforcementSystemIntegrationTests: the enforcement system's table is polled at once and often
            "certhub.sources.enforcement-system.initial-delay=500",
            "certhub.sources.enforcement-system.poll-interval=300",
            // SigningBatchesIntegrationTests: 23 rows make sign messages of 7, 7, 7 and 2 version ids
            "certhub.signing.batch-size=7",
            // the sweeper stays out of the way: what a test sends is processed by its channel
            // (ServicePortalIntegrationTests counts the redeliveries of a message)
            "certhub.sweeper.stale-after=PT10M",
            // RestChannelIntegrationTests: a small body limit to exceed, and nonces cleaned up while it waits
            "certhub.rest.max-body-bytes=65536",
            "certhub.rest.cleanup-interval=PT2S",
            "CERTHUB_ADMIN_PASSWORD=" + HubHttp.ADMIN_PASSWORD,
            // ServicePortalIntegrationTests: the embedded broker's port for upstreams (the other test hubs open none)
            "certhub.broker.upstream-port=" + SharedHub.BROKER_UPSTREAM_PORT,
            // PipelineIntegrationTests: an administrator who may see full ID numbers
            "certhub.users." + HubHttp.AUDITOR + ".roles=ADMIN,PII_VIEWER",
            "certhub.users." + HubHttp.AUDITOR + ".password=" + HubHttp.AUDITOR_PASSWORD,
            // PrometheusIntegrationTests: a scraper's user
            "certhub.users." + HubHttp.MONITOR + ".roles=MONITOR",
            "certhub.users." + HubHttp.MONITOR + ".password=" + HubHttp.MONITOR_PASSWORD,
            // HolderCornerIntegrationTests: one-time codes for holders with a contact on record (only its holders have
            // one), its many sign-ins from one address, and the reminders run when it says
            "certhub.holder.one-time-code=on",
            "certhub.rate-limits.holder.requests=200",
            "certhub.holder.reminders.cron=-",
            "CERTHUB_SOURCE_TRAINING_CENTER_KEY=" + SharedHub.TRAINING_CENTER_KEY,
            "CERTHUB_SOURCE_TRAINING_CENTER_SECRET=" + SharedHub.TRAINING_CENTER_SECRET,
            "CERTHUB_SOURCE_EXAM_SYSTEM_KEY=" + SharedHub.EXAM_SYSTEM_KEY,
            "CERTHUB_SOURCE_EXAM_SYSTEM_SECRET=" + SharedHub.EXAM_SYSTEM_SECRET
        })
@ContextConfiguration(initializers = SharedHub.class)
public @interface HubIntegrationTest {}
