package org.certhub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.utils.VersionLoader;
import org.certhub.platform.BrokerSettings;
import org.certhub.platform.Endpoints;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file's broker ({@code config/artemis/broker.xml} on the official Artemis image) and the standalone one
 * ({@code java -jar certhub.jar broker}) set the hub's queues up alike: the same durable queues, the same redelivery
 * with back-off and dead-letter queue for each stage, every right for the nodes' user; and the compose file runs that
 * file on the image of the Artemis version the hub's client is.
 */
class ComposeBrokerTests {

    private final Configuration standalone = StandaloneBroker.configuration(
            Path.of("target/unused"), "tcp://127.0.0.1:61616", BrokerSettings.defaults());

    ComposeBrokerTests() throws Exception {}

    @Test
    void theFileHasTheStandaloneBrokersDurableAnycastQueues() throws Exception {
        Map<String, String> file = new TreeMap<>();
        ImageBroker.read()
                .getAddressConfigurations()
                .forEach(address -> address.getQueueConfigs()
                        .forEach(queue -> file.put(queue.getName().toString(), describe(queue))));
        Map<String, String> expected = new TreeMap<>();
        standalone
                .getQueueConfigs()
                .forEach(queue -> expected.put(queue.getName().toString(), describe(queue)));

        assertThat(file).isEqualTo(expected).containsKey(Endpoints.deadLetterQueue(Endpoints.SIGN_QUEUE));
    }

    @Test
    void eachStageRedeliversWithTheSameBackOffAndDeadLetterQueue() throws Exception {
        Configuration file = ImageBroker.read();
        for (String queue : Endpoints.QUEUES) {
            assertThat(describe(file.getAddressSettings().get(queue)))
                    .as(queue)
                    .isEqualTo(describe(standalone.getAddressSettings().get(queue)))
                    .contains("dead letters to DLQ." + queue);
        }
    }

    @Test
    void theBrokerIsPersistentSecuredAndSyncsAsTheStandaloneOne() throws Exception {
        Configuration file = ImageBroker.read();

        assertThat(file.isPersistenceEnabled()).isTrue();
        assertThat(file.isSecurityEnabled()).isTrue();
        assertThat(file.isJournalSyncTransactional()).isEqualTo(standalone.isJournalSyncTransactional());
        assertThat(file.isJournalSyncNonTransactional()).isEqualTo(standalone.isJournalSyncNonTransactional());
    }

    @Test
    void theImagesUserMayDoEverythingTheNodesDo() throws Exception {
        Role image = role(ImageBroker.read(), ImageBroker.IMAGE_ROLE);
        Role nodes = role(standalone, StandaloneBroker.ROLE);

        assertThat(rights(image)).isEqualTo(rights(nodes)).contains("send", "consume", "createDurableQueue");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeBrokerIsTheOfficialImageOfTheClientsVersionGivenThisFile() throws Exception {
        Map<String, Object> compose;
        try (var in = Files.newInputStream(Path.of("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        var broker = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("broker");

        assertThat(broker.get("image"))
                .isEqualTo(
                        "apache/activemq-artemis:" + VersionLoader.getVersion().getFullVersion());
        assertThat((List<String>) broker.get("volumes"))
                .contains("./" + ImageBroker.BROKER_XML + ":/var/lib/artemis-instance/etc-override/broker.xml:ro");
        assertThat((Map<String, Object>) broker.get("environment")).containsKeys("ARTEMIS_USER", "ARTEMIS_PASSWORD");
    }

    private static Role role(Configuration configuration, String name) {
        return configuration.getSecurityRoles().get("#").stream()
                .filter(role -> role.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rights for role " + name + " on #"));
    }

    private static String rights(Role role) {
        var rights = new StringBuilder();
        append(rights, "send", role.isSend());
        append(rights, "consume", role.isConsume());
        append(rights, "createDurableQueue", role.isCreateDurableQueue());
        append(rights, "deleteDurableQueue", role.isDeleteDurableQueue());
        append(rights, "createNonDurableQueue", role.isCreateNonDurableQueue());
        append(rights, "deleteNonDurableQueue", role.isDeleteNonDurableQueue());
        append(rights, "createAddress", role.isCreateAddress());
        append(rights, "deleteAddress", role.isDeleteAddress());
        append(rights, "browse", role.isBrowse());
        append(rights, "manage", role.isManage());
        return rights.toString();
    }

    private static void append(StringBuilder rights, String right, boolean granted) {
        if (granted) {
            rights.append(right).append(' ');
        }
    }

    private static String describe(QueueConfiguration queue) {
        return "address " + queue.getAddress() + ", " + queue.getRoutingType() + ", durable " + queue.isDurable();
    }

    private static String describe(AddressSettings settings) {
        assertThat(settings).isNotNull();
        return "redelivery " + settings.getRedeliveryDelay() + " ms x" + settings.getRedeliveryMultiplier()
                + " up to " + settings.getMaxRedeliveryDelay() + " ms, " + settings.getMaxDeliveryAttempts()
                + " attempts, dead letters to " + settings.getDeadLetterAddress();
    }
}
