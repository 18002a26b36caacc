package org.certhub.holder;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The holder's settings as the hub binds them: the defaults, with what a test sets over them. */
final class HolderSettingsFor {

    private HolderSettingsFor() {}

    static HolderSettings defaults() {
        return with(Map.of());
    }

    /** {@code certhub.holder.*} keys without the prefix, e.g. {@code one-time-code=on}. */
    static HolderSettings with(Map<String, String> settings) {
        var source = new MapConfigurationPropertySource();
        settings.forEach((key, value) -> source.put("certhub.holder." + key, value));
        return new Binder(source).bindOrCreate("certhub.holder", HolderSettings.class);
    }
}
