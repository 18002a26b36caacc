package org.certhub.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This hub node's name among the nodes that share one database and broker: {@code certhub.node.name}
 * ({@code CERTHUB_NODE_NAME}), or the host's name. It says who holds a cluster lock or a version being sealed, and it
 * stays the same across restarts, so that a node started again frees what it held when it died. Two nodes on one
 * machine must each be given a name of their own.
 */
@Component
public class Node {

    private final String name;

    @Autowired
    Node(Environment environment) {
        this(environment.getProperty("certhub.node.name", ""));
    }

    /** @param name the configured name; blank: the host's name */
    public Node(String name) {
        this.name = name == null || name.isBlank() ? hostName() : name.strip();
    }

    public String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
