package org.certhub.platform;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key under which throttles count a client: its IP address as the servlet container sees it (behind a reverse
 * proxy, set {@code server.forward-headers-strategy}), an IPv6 address reduced to its /64 (one subscriber's
 * network, whose addresses cost an attacker nothing).
 */
final class ClientAddress {

    private ClientAddress() {}

    static String key(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // an IPv6 literal: parsed, never looked up
            var address = InetAddress.getByName(remoteAddress.replace("[", "").replace("]", ""));
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                var key = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    key.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                            .append(':');
                }
                return key.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return remoteAddress;
        }
    }
}
