package org.certhub.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.certhub.platform.BrokerSettings;
import org.certhub.platform.Endpoints;

/**
 * A persistent Artemis broker for several hub nodes, run from the hub's own jar
 * ({@code java -jar certhub.jar broker}): its journal in a folder of its own, one TCP acceptor, one user that may do
 * everything the nodes do, and the stages' queues set up as the embedded broker sets them up (redelivery with
 * back-off, dead-letter queues).
 */
public final class StandaloneBroker implements AutoCloseable {

    /** The role of the hub nodes' user. */
    static final String ROLE = "certhub";

    /** Queues made at start besides the stages': the JMS channel of the demo service portal. */
    static final List<String> INTAKE_QUEUES = List.of("certhub.in.service-portal");

    private final EmbeddedActiveMQ server;
    private final String url;

    private StandaloneBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts the broker.
     *
     * @param data     its folder: journal, bindings, paging and large messages
     * @param host     the address to listen on (127.0.0.1 for this machine only, 0.0.0.0 for every interface)
     * @param port     the TCP port (61616 is Artemis's own)
     * @param user     the hub nodes' user
     * @param password its password
     */
    public static StandaloneBroker start(
            Path data, String host, int port, String user, String password, BrokerSettings settings) throws Exception {
        quietAuditLog();
        String url = "tcp://" + host + ":" + port;
        Configuration configuration = configuration(data, url, settings);

        var users = new SecurityConfiguration();
        users.addUser(user, password);
        users.addRole(user, ROLE);
        var server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        server.start();
        return new StandaloneBroker(server, url);
    }

    /**
     * The broker's set-up: its folders, its acceptor, every right for the nodes' role, and the stages' queues as the
     * embedded broker has them. {@code config/artemis/broker.xml}, the same for the official image, is checked
     * against it.
     */
    static Configuration configuration(Path data, String url, BrokerSettings settings) throws Exception {
        Path folder = data.toAbsolutePath();
        Configuration configuration = new ConfigurationImpl()
                .setName("certhub-broker")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(folder.resolve("journal").toString())
                .setBindingsDirectory(folder.resolve("bindings").toString())
                .setPagingDirectory(folder.resolve("paging").toString())
                .setLargeMessagesDirectory(folder.resolve("large-messages").toString())
                .setSecurityEnabled(true);
        configuration.addAcceptorConfiguration("certhub", url);
        configuration.putSecurityRoles(
                "#", Set.of(new Role(ROLE, true, true, true, true, true, true, true, true, true, true)));
        var queues = new ArrayList<>(Endpoints.QUEUES);
        queues.addAll(INTAKE_QUEUES);
        for (String queue : queues) {
            configuration.addQueueConfiguration(QueueConfiguration.of(queue)
                    .setAddress(queue)
                    .setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
        settings.configure(configuration);
        return configuration;
    }

    /**
     * Artemis's audit loggers write a line for every message sent and consumed at INFO: millions of lines a day on a
     * busy hub. They are kept at WARN, as the hub keeps them for its embedded broker ({@code application.yaml}).
     */
    private static void quietAuditLog() {
        if (org.slf4j.LoggerFactory.getLogger("org.apache.activemq") instanceof ch.qos.logback.classic.Logger artemis) {
            artemis.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** The URL the hub nodes connect to ({@code CERTHUB_BROKER_URL}). */
    public String url() {
        return url;
    }

    /** How many messages were ever sent to the queue on this broker since it started. */
    public long messagesAdded(String queue) {
        Queue found = server.getActiveMQServer().locateQueue(queue);
        return found == null ? 0 : found.getMessagesAdded();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
