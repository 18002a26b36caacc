package org.certhub.sealing.keys;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a token's slot by its label. SunPKCS11's configuration takes a slot id or index only, so this asks the
 * library itself through the JDK's PKCS#11 wrapper, which needs
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (the hub's jar manifest and
 * the build's test JVMs have it; with another launcher, configure {@code slot} instead).
 */
final class Pkcs11Slots {

    private Pkcs11Slots() {}

    static long slotOf(Path library, String tokenLabel) {
        List<String> labels = new ArrayList<>();
        try {
            Class<?> pkcs11 = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
            Class<?> initArgs = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
            Method getInstance = pkcs11.getMethod("getInstance", String.class, String.class, initArgs, boolean.class);
            // the wrapper keeps one instance per library, shared with SunPKCS11 (which initializes it the same way)
            Object module = getInstance.invoke(null, library.toString(), "C_GetFunctionList", null, false);
            long[] slots =
                    (long[]) pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(module, true);
            Method tokenInfo = pkcs11.getMethod("C_GetTokenInfo", long.class);
            for (long slot : slots) {
                Object info;
                try {
                    info = tokenInfo.invoke(module, slot);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    continue; // a token removed since the library was loaded
                }
                String label =
                        new String((char[]) info.getClass().getField("label").get(info)).strip();
                if (label.equals(tokenLabel)) {
                    return slot;
                }
                labels.add(label);
            }
        } catch (IllegalAccessException | IllegalAccessError e) {
            throw new KeyUnavailableException(
                    "choosing a PKCS#11 token by label needs the JVM option --add-exports "
                            + "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED; or configure 'slot' instead",
                    e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new KeyUnavailableException(
                    "cannot list the tokens of PKCS#11 library " + library + ": " + cause, cause);
        }
        throw new KeyUnavailableException(
                "no PKCS#11 token labelled '" + tokenLabel + "' in " + library + " (tokens: " + labels + ")");
    }
}
