package org.certhub.sealing.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.certhub.sealing.SignatureToken;

/**
 * Where a seal's private key lives, without the secret itself: secrets are named (an environment variable or a file)
 * and read when the key is opened. Stored as is in the database and shown by the API.
 */
public sealed interface KeyReference permits Pkcs12Key, Pkcs11Key {

    /** {@code pkcs12} or {@code pkcs11}. */
    String provider();

    /**
     * Opens the key, reading its secret through {@code environment} (a variable name in, its value or null out).
     *
     * @throws KeyUnavailableException naming what is missing or wrong
     */
    SignatureToken open(UnaryOperator<String> environment);

    /** The settings as written in {@code config/seals.yaml} (kebab-case keys), for storage and the API. */
    Map<String, Object> settings();

    /**
     * Reads a key reference from its settings, e.g. the {@code key:} block of a seal in {@code config/seals.yaml}.
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    static KeyReference of(Map<String, ?> settings) {
        var s = new Settings(settings);
        String provider = s.required("provider");
        return switch (provider) {
            case "pkcs12" ->
                new Pkcs12Key(
                        s.path("file", true),
                        s.text("alias", false),
                        s.text("password-env", false),
                        s.path("password-file", false));
            case "pkcs11" ->
                new Pkcs11Key(
                        s.path("library", true),
                        s.number("slot"),
                        s.text("token-label", false),
                        s.required("key-label"),
                        s.required("pin-env"),
                        s.number("sessions"));
            default -> throw new IllegalArgumentException("unknown key provider '" + provider + "' (pkcs12 or pkcs11)");
        };
    }

    /** Reads settings with messages that name the setting. */
    final class Settings {

        private final Map<String, ?> values;

        Settings(Map<String, ?> values) {
            this.values = values == null ? Map.of() : values;
        }

        String required(String name) {
            return text(name, true);
        }

        String text(String name, boolean required) {
            Object value = values.get(name);
            if (value == null || value.toString().isBlank()) {
                if (required) {
                    throw new IllegalArgumentException("key setting '" + name + "' is missing");
                }
                return null;
            }
            return value.toString().strip();
        }

        java.nio.file.Path path(String name, boolean required) {
            String value = text(name, required);
            return value == null ? null : java.nio.file.Path.of(value);
        }

        Long number(String name) {
            String value = text(name, false);
            if (value == null) {
                return null;
            }
            try {
                return Long.decode(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("key setting '" + name + "' is not a number: " + value);
            }
        }

        static Map<String, Object> of(Object... pairs) {
            var map = new LinkedHashMap<String, Object>();
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i + 1] != null) {
                    map.put(
                            (String) pairs[i],
                            pairs[i + 1] instanceof java.nio.file.Path p ? p.toString() : pairs[i + 1]);
                }
            }
            return map;
        }
    }
}
