package org.certhub.sealing.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.certhub.sealing.SignatureToken;

/**
 * A key in a PKCS#12 file. The password comes from the environment variable {@code passwordEnv} or from the first
 * line of {@code passwordFile}.
 *
 * @param file         the {@code .p12} file
 * @param alias        the key entry, or null for the file's only one
 * @param passwordEnv  name of the environment variable holding the password
 * @param passwordFile file holding the password (owner-readable only, as the demo PKI writes it)
 */
public record Pkcs12Key(Path file, String alias, String passwordEnv, Path passwordFile) implements KeyReference {

    public Pkcs12Key {
        if (file == null) {
            throw new IllegalArgumentException("key setting 'file' is missing");
        }
        if ((passwordEnv == null) == (passwordFile == null)) {
            throw new IllegalArgumentException("a pkcs12 key needs exactly one of 'password-env' and 'password-file'");
        }
    }

    @Override
    public String provider() {
        return "pkcs12";
    }

    @Override
    public SignatureToken open(UnaryOperator<String> environment) {
        return KeyStoreSignatureToken.open(file, password(environment), alias);
    }

    private char[] password(UnaryOperator<String> environment) {
        if (passwordEnv != null) {
            String value = environment.apply(passwordEnv);
            if (value == null) {
                throw new KeyUnavailableException("password environment variable " + passwordEnv + " is not set");
            }
            return value.toCharArray();
        }
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8)
                    .strip()
                    .toCharArray();
        } catch (IOException e) {
            throw new KeyUnavailableException("cannot read password file " + passwordFile + ": " + e, e);
        }
    }

    @Override
    public Map<String, Object> settings() {
        return Settings.of(
                "provider",
                provider(),
                "file",
                file,
                "alias",
                alias,
                "password-env",
                passwordEnv,
                "password-file",
                passwordFile);
    }
}
