package org.certhub.platform;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The embedded broker's door for upstreams that send messages (the JMS sources, {@code certhub.in.*}): a TCP port on
 * this machine ({@code certhub.broker.upstream-host}, {@code -port}, 61616 by default) with one user that may only
 * send to those queues ({@link UpstreamBrokerSecurity}). Its password is {@code CERTHUB_BROKER_UPSTREAM_PASSWORD}, or
 * in demo mode one generated into {@code data/initial-credentials}; in production mode without a password, and on a
 * shared broker (which has its own users), the port stays closed.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamBrokerPort {

    private static final Logger log = LoggerFactory.getLogger(UpstreamBrokerPort.class);

    /** The port's URL and password, or null when it stays closed. */
    record Door(String url, String user, String password) {}

    @Bean
    Door upstreamBrokerDoor(BrokerSettings broker, CerthubPaths paths, Environment environment) {
        if (broker.shared() || broker.upstreamPort() == 0) {
            return new Door(null, null, null);
        }
        String password = broker.upstreamPassword();
        String where = "CERTHUB_BROKER_UPSTREAM_PASSWORD";
        if (password == null || password.isBlank()) {
            if (Mode.of(environment) == Mode.PRODUCTION) {
                log.info("The embedded broker takes no upstream messages over TCP: set CERTHUB_BROKER_UPSTREAM_PASSWORD"
                        + " to open certhub.broker.upstream-port");
                return new Door(null, null, null);
            }
            var credentials = new InitialCredentials(paths.data().resolve("initial-credentials"));
            password = credentials.passwordOf("broker-" + broker.upstreamUser());
            where = credentials.file() + " (broker-" + broker.upstreamUser() + ")";
        }
        String url = "tcp://" + broker.upstreamHost() + ":" + broker.upstreamPort();
        log.info(
                "Upstreams send to the embedded broker at {} as user {} (password: {}), to certhub.in.* queues only",
                url,
                broker.upstreamUser(),
                where);
        return new Door(url, broker.upstreamUser(), password);
    }

    @Bean
    ArtemisConfigurationCustomizer upstreamAcceptor(Door door) {
        return configuration -> {
            if (door.url() != null) {
                try {
                    configuration.addAcceptorConfiguration("upstreams", door.url());
                } catch (Exception e) {
                    throw new IllegalStateException("certhub.broker.upstream-*: not an acceptor URL: " + door.url(), e);
                }
                configuration.setSecurityEnabled(true);
            }
        };
    }

    /** Gives the embedded broker the hub's security before it starts (it needs one once security is on). */
    @Bean
    static BeanPostProcessor upstreamBrokerSecurity(ObjectProvider<Door> door) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof EmbeddedActiveMQ broker) {
                    Door open = door.getObject();
                    if (open.url() != null) {
                        broker.setSecurityManager(new UpstreamBrokerSecurity(open.user(), open.password()));
                    }
                }
                return bean;
            }
        };
    }
}
