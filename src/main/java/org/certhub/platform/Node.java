package org.certhub.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This hub node's name among the nodes that share one database and broker: {@code certhub.node.name}
 * ({@code CERTHUB_NODE_NAME}), or the host name and process id. It says who holds a cluster lock.
 */
@Component
public class Node {

    private final String name;

    @Autowired
    Node(Environment environment) {
        this(environment.getProperty("certhub.node.name", ""));
    }

    /** @param name the configured name; blank: the host name and process id */
    public Node(String name) {
        this.name = name == null || name.isBlank() ? hostAndPid() : name.strip();
    }

    public String name() {
        return name;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public String toString() {
        return name;
    }
}
