package org.certhub.platform;

/** How the hub runs ({@code certhub.mode}, {@code CERTHUB_MODE}). */
public enum Mode {
    /**
     * The README's quick start: the demo PKI (seal, CA, TSA at {@code /pki/*}), the demo upstream database, demo REST
     * secrets and generated passwords are allowed.
     */
    DEMO,
    /**
     * For a department: the hub refuses to start while a demo part is in use or a door is left open, and the demo
     * PKI and demo upstream are not registered at all.
     */
    PRODUCTION;

    /** The property that selects the mode. */
    public static final String PROPERTY = "certhub.mode";

    /** The mode the environment selects; demo when unset. */
    public static Mode of(org.springframework.core.env.Environment environment) {
        String value = environment.getProperty(PROPERTY, "demo").strip();
        try {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    PROPERTY + " (CERTHUB_MODE) is '" + value + "': it must be demo or production", e);
        }
    }
}
