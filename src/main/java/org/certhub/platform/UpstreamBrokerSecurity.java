package org.certhub.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may use the embedded broker: the hub itself, over its in-VM connection, may do everything; an upstream, over
 * the TCP port ({@code certhub.broker.upstream-port}), must give the upstream user's password and may then only send
 * to the intake queues ({@code certhub.in.*}): it can neither read nor inject the stages' messages.
 */
final class UpstreamBrokerSecurity implements ActiveMQSecurityManager5 {

    static final String INTAKE_PREFIX = "certhub.in.";
    private static final String HUB = "hub";
    private static final String UPSTREAM = "upstream";

    private final String user;
    private final byte[] password;

    UpstreamBrokerSecurity(String user, String password) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(HUB, HUB);
        }
        return validateUser(user, password) ? subject(user, UPSTREAM) : null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (!subject.getPrincipals(RolePrincipal.class).isEmpty()
                && subject.getPrincipals(RolePrincipal.class)
                        .iterator()
                        .next()
                        .getName()
                        .equals(HUB)) {
            return true;
        }
        String queue = address == null ? "" : address.split("::", 2)[0];
        return checkType == CheckType.SEND && queue.startsWith(INTAKE_PREFIX);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return this.user.equals(user)
                && password != null
                && MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false; // the broker asks authorize(...) of an ActiveMQSecurityManager5
    }

    private static Subject subject(String user, String role) {
        var subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }
}
