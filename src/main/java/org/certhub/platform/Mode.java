package org.certhub.platform;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

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

    /** The mode the environment selects ({@link ModeSettings}); demo when unset. */
    public static Mode of(Environment environment) {
        try {
            return Binder.get(environment)
                    .bindOrCreate("certhub", ModeSettings.class)
                    .mode();
        } catch (BindException e) {
            throw new IllegalStateException(
                    PROPERTY + " (CERTHUB_MODE) is '" + environment.getProperty(PROPERTY)
                            + "': it must be demo or production",
                    e);
        }
    }
}
