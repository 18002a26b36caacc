package org.certhub.testing;

import java.security.cert.X509Certificate;
import java.util.List;
import org.certhub.sealing.SignatureToken;

/** A real signing key with something the test does before each of its signatures: count them, or hold one back. */
public final class ObservedTokens {

    private ObservedTokens() {}

    public static SignatureToken beforeEachSignature(SignatureToken key, Runnable before) {
        return beforeEachSignature(key, data -> before.run());
    }

    /** As above, the test seeing what is signed. */
    public static SignatureToken beforeEachSignature(SignatureToken key, java.util.function.Consumer<byte[]> before) {
        return new SignatureToken() {
            @Override
            public List<X509Certificate> certificateChain() {
                return key.certificateChain();
            }

            @Override
            public String signatureAlgorithm() {
                return key.signatureAlgorithm();
            }

            @Override
            public byte[] sign(byte[] dataToSign) {
                before.accept(dataToSign);
                return key.sign(dataToSign);
            }
        };
    }
}
