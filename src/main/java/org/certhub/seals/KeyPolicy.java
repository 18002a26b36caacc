package org.certhub.seals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.certhub.sealing.keys.KeyReference;
import org.certhub.sealing.keys.Pkcs11Key;
import org.certhub.sealing.keys.Pkcs12Key;

/**
 * What a seal's key may name, whoever defines it (config/seals.yaml, the API, a key stored by an earlier run): a
 * PKCS#11 library only from {@code certhub.seals.pkcs11-libraries}, because opening the key loads that native code
 * into the hub; a PIN or password only from a variable named {@code CERTHUB_SEAL_*}, because the variable is read
 * from the hub's whole environment, where the database password and the REST secrets live too.
 */
final class KeyPolicy {

    /** The prefix of every variable a seal's secret may come from. */
    static final String SECRET_PREFIX = "CERTHUB_SEAL_";

    private static final Pattern SECRET_NAME = Pattern.compile(SECRET_PREFIX + "[A-Z0-9_]+");

    private final Set<Path> libraries;

    KeyPolicy(List<Path> libraries) {
        this.libraries = libraries.stream().map(KeyPolicy::normalized).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Refuses a key that names a library or a secret variable it may not, before anything of it is opened.
     *
     * @throws KeyNotAllowedException naming the seal, the setting and what is allowed
     */
    void check(String sealId, KeyReference key) {
        if (key instanceof Pkcs11Key pkcs11) {
            if (!libraries.contains(normalized(pkcs11.library()))) {
                throw new KeyNotAllowedException(
                        sealId,
                        "PKCS#11 library " + pkcs11.library() + " is not in certhub.seals.pkcs11-libraries "
                                + libraries.stream().sorted().toList() + "; the machine's administrator lists the "
                                + "libraries a seal may load in config/application.yaml");
            }
            secretName(sealId, "pin-env", pkcs11.pinEnv());
        } else if (key instanceof Pkcs12Key pkcs12 && pkcs12.passwordEnv() != null) {
            secretName(sealId, "password-env", pkcs12.passwordEnv());
        }
    }

    /** The environment as a key reads it: only {@code CERTHUB_SEAL_*} variables, every other name unset. */
    static UnaryOperator<String> secrets(UnaryOperator<String> environment) {
        return name -> name != null && SECRET_NAME.matcher(name).matches() ? environment.apply(name) : null;
    }

    private static void secretName(String sealId, String setting, String name) {
        if (!SECRET_NAME.matcher(name).matches()) {
            throw new KeyNotAllowedException(
                    sealId,
                    "key setting '" + setting + "' names " + name + "; a seal's secret comes only from a variable "
                            + "named " + SECRET_PREFIX + "... (upper-case letters, digits and '_')");
        }
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
