package org.certhub.seals;

import java.nio.file.Path;
import java.util.Map;
import org.certhub.sealing.keys.KeyReference;

/**
 * A seal as configured.
 *
 * @param id        the seal's id, named by catalogue types ({@code sealing.seal})
 * @param name      shown to signature viewers as the signing reason's owner, e.g. 江苏省住房和城乡建设厅电子印章
 * @param authority the issuing authority's unified social credit code, or null
 * @param image     the seal image (PNG), or null for the demo seal image
 * @param key       where the key is
 * @param electronicSeal for an SM2 seal, the electronic seal of GB/T 38540 (a DER file from the seal-making
 *                  authority) that lists the key's certificate; null in demo mode, where the demo PKI makes one
 */
record SealDefinition(String id, String name, String authority, Path image, KeyReference key, Path electronicSeal) {

    SealDefinition(String id, String name, String authority, Path image, KeyReference key) {
        this(id, name, authority, image, key, null);
    }

    SealDefinition {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("seal id '" + id + "' must be 1-64 lower-case letters, digits and '-'");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("seal '" + id + "' needs a name");
        }
        if (key == null) {
            throw new IllegalArgumentException("seal '" + id + "' needs a key");
        }
    }

    /** Reads one seal from its settings (a list item of {@code config/seals.yaml}, or the API's request body). */
    @SuppressWarnings("unchecked")
    static SealDefinition of(Map<String, ?> settings) {
        Object id = settings.get("id");
        Object key = settings.get("key");
        if (!(key instanceof Map<?, ?> keySettings)) {
            throw new IllegalArgumentException("seal '" + id + "' needs a key block");
        }
        try {
            Object image = settings.get("image");
            Object electronicSeal = settings.get("electronic-seal");
            return new SealDefinition(
                    id == null ? null : id.toString(),
                    text(settings.get("name")),
                    text(settings.get("authority")),
                    image == null ? null : Path.of(image.toString()),
                    KeyReference.of((Map<String, ?>) keySettings),
                    electronicSeal == null ? null : Path.of(electronicSeal.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().startsWith("seal ") ? e.getMessage() : "seal '" + id + "': " + e.getMessage(), e);
        }
    }

    /** The settings as {@link #of} reads them: what a proposal stores. */
    java.util.Map<String, Object> settings() {
        var settings = new java.util.LinkedHashMap<String, Object>();
        settings.put("id", id);
        settings.put("name", name);
        if (authority != null) {
            settings.put("authority", authority);
        }
        if (image != null) {
            settings.put("image", image.toString());
        }
        settings.put("key", key.settings());
        if (electronicSeal != null) {
            settings.put("electronic-seal", electronicSeal.toString());
        }
        return settings;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
