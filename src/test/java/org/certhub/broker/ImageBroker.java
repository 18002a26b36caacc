package org.certhub.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * The broker of {@code docker-compose.yml} without Docker: Artemis started from {@code config/artemis/broker.xml}, the
 * file the compose file gives the official image, with a user in the role the image gives its user ({@code amq}). Only
 * the acceptor's address is another (this machine, a free port instead of every interface on 61616).
 */
final class ImageBroker implements AutoCloseable {

    /** The file the compose broker runs. */
    static final Path BROKER_XML = Path.of("config/artemis/broker.xml");

    /** The role {@code artemis create} gives the image's user (ARTEMIS_USER). */
    static final String IMAGE_ROLE = "amq";

    private final EmbeddedActiveMQ server;
    private final String url;

    private ImageBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Reads the compose broker's file as Artemis reads it. */
    static FileConfiguration read() throws Exception {
        var configuration = new FileConfiguration();
        var deployment =
                new FileDeploymentManager(BROKER_XML.toAbsolutePath().toUri().toString());
        deployment.addDeployable(configuration);
        deployment.readConfiguration();
        return configuration;
    }

    /** Starts it with its instance (the data folder the file names relatively) in {@code instance}. */
    static ImageBroker start(Path instance, String user, String password) throws Exception {
        FileConfiguration configuration = read();
        configuration.setBrokerInstance(instance.toAbsolutePath().toFile());
        configuration.setConfigurationFileRefreshPeriod(-1);
        String url = "tcp://127.0.0.1:" + freePort();
        configuration.getAcceptorConfigurations().clear();
        configuration.addAcceptorConfiguration("artemis", url);

        var users = new SecurityConfiguration();
        users.addUser(user, password);
        users.addRole(user, IMAGE_ROLE);
        var server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration);
        server.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        server.start();
        return new ImageBroker(server, url);
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return url;
    }

    /** How many messages were sent to the queue since the broker started. */
    long messagesAdded(String queue) {
        Queue found = server.getActiveMQServer().locateQueue(queue);
        return found == null ? 0 : found.getMessagesAdded();
    }

    /** Where the broker keeps its journal. */
    Path journal() {
        return server.getActiveMQServer()
                .getConfiguration()
                .getJournalLocation()
                .toPath();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
