package org.certhub.platform;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** What in the platform's own settings keeps a hub from production mode: missing passwords, a local base URL. */
public final class PlatformReadiness {

    private PlatformReadiness() {}

    public static List<String> productionProblems(Environment environment) {
        var problems = new ArrayList<String>();
        UserAccounts accounts = Binder.get(environment)
                .bind("certhub", UserAccounts.class)
                .orElse(new UserAccounts(new UserAccounts.Administrator("admin", null), Map.of()));
        if (blank(accounts.admin().password())) {
            problems.add("the administrator has no password (set CERTHUB_ADMIN_PASSWORD)");
        }
        accounts.users().forEach((name, account) -> {
            if (account.enabled() && blank(account.password()) && blank(account.passwordHash())) {
                problems.add("user " + name + " has no password (set certhub.users." + name + ".password or "
                        + ".password-hash" + (name.equals("sealer") ? ", or CERTHUB_SEALER_PASSWORD" : "")
                        + ", or disable the user)");
            }
        });
        String base = environment.getProperty("certhub.public-base-url", "");
        String baseProblem = publicBaseUrlProblem(base);
        if (baseProblem != null) {
            problems.add("the public base URL " + base + " " + baseProblem
                    + ": the QR code sealed into every certificate could never be verified (set CERTHUB_PUBLIC_BASE_URL to"
                    + " the https address citizens reach)");
        }
        BrokerSettings broker = Binder.get(environment).bindOrCreate("certhub.broker", BrokerSettings.class);
        if (broker.shared() && (blank(broker.user()) || blank(broker.password()))) {
            problems.add("the shared broker " + broker.url() + " is used without a user and password, so anyone who"
                    + " reaches it could read and inject the stages' messages (set CERTHUB_BROKER_USER and"
                    + " CERTHUB_BROKER_PASSWORD)");
        }
        return problems;
    }

    /** Why a public base URL cannot be sealed into certificates, or null when it can. */
    static String publicBaseUrlProblem(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "is not https";
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return "has no host";
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.endsWith(".local")) {
            return "points at this machine";
        }
        if (lower.matches("[0-9.]+") || lower.startsWith("[")) {
            try {
                InetAddress address = InetAddress.getByName(lower);
                if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()) {
                    return "points at this machine";
                }
            } catch (java.net.UnknownHostException e) {
                return "has an invalid address";
            }
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
