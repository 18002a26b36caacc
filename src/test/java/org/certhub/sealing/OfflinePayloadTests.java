package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.upokecenter.cbor.CBORObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QR code's offline payload, read back by the COSE working group's own implementation (cose-java), not by the
 * hub's code: what a third-party verifier would do.
 */
class OfflinePayloadTests {

    private static final OfflinePayload PAYLOAD = new OfflinePayload(
            "1132000000000000000X.13.320000.20240315.000123.1",
            "苏建安C（2024）0000123",
            "safety-management-staff",
            "吉𠮷祥",
            "320***********123X",
            LocalDate.of(2024, 3, 15),
            LocalDate.of(2024, 3, 15),
            LocalDate.of(2027, 3, 14),
            4_000_123L);

    @TempDir
    Path dir;

    @Test
    void base45MatchesTheExamplesOfRfc9285() {
        assertThat(Base45.encode("AB".getBytes(StandardCharsets.US_ASCII))).isEqualTo("BB8");
        assertThat(Base45.encode("Hello!!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("%69 VD92EX0");
        assertThat(Base45.encode("base-45".getBytes(StandardCharsets.US_ASCII))).isEqualTo("UJCLQE7W581");
        assertThat(new String(Base45.decode("QED8WEX0"), StandardCharsets.US_ASCII))
                .isEqualTo("ietf!");
        assertThatThrownBy(() -> Base45.decode("GGW")).hasMessageContaining("above 65535");
        assertThatThrownBy(() -> Base45.decode("ab1")).hasMessageContaining("not Base45");
        assertThatThrownBy(() -> Base45.decode("BB8A")).hasMessageContaining("3n+1");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(Base45.decode(Base45.encode(all))).isEqualTo(all);
    }

    @Test
    void aThirdPartyCoseLibraryVerifiesThePayloadWithTheSealsPublicKeyAndReadsItsClaims() throws Exception {
        TestPki.Seal seal = new TestPki(dir).issue("CN=Test Seal", "EC", Duration.ofDays(365));
        var signer = new CompactSigner(token(seal));

        String fragment = PAYLOAD.fragment(signer);

        assertThat(fragment).startsWith(OfflinePayload.PREFIX);
        // every character in the QR code's alphanumeric set, nothing a browser would change in a fragment
        assertThat(fragment).matches("[0-9A-Z$%*+\\-./:]+");
        Sign1Message message = decode(fragment);
        assertThat(message.validate(new OneKey(seal.chain().get(0).getPublicKey(), null)))
                .isTrue();
        CBORObject header = message.getProtectedAttributes();
        assertThat(header.get(4).GetByteString())
                .isEqualTo(CompactSigner.kidOf(seal.chain().get(0)));
        assertThat(header.get(1).AsInt32Value()).as("ES256").isEqualTo(-7);
        assertThat(OfflinePayload.fromClaims(CBORObject.DecodeFromBytes(message.GetContent())))
                .isEqualTo(PAYLOAD);
    }

    /** cose-java 1.1.0 knows no RS256 (RFC 8812): the JDK checks the signature over COSE's Sig_structure. */
    @Test
    void anRsaSealSignsRs256() throws Exception {
        TestPki.Seal seal = new TestPki(dir).issue("CN=Test Seal", "RSA", Duration.ofDays(365));

        CBORObject message = CBORObject.DecodeFromBytes(PAYLOAD.coseSign1(new CompactSigner(token(seal))))
                .UntagOne();

        byte[] protectedHeader = message.get(0).GetByteString();
        assertThat(CBORObject.DecodeFromBytes(protectedHeader).get(1).AsInt32Value())
                .as("RS256")
                .isEqualTo(-257);
        byte[] toBeSigned = CBORObject.NewArray()
                .Add("Signature1")
                .Add(protectedHeader)
                .Add(new byte[0])
                .Add(message.get(2).GetByteString())
                .EncodeToBytes();
        var rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initVerify(seal.chain().get(0).getPublicKey());
        rsa.update(toBeSigned);
        assertThat(rsa.verify(message.get(3).GetByteString())).isTrue();
    }

    @Test
    void aChangedClaimOrAnotherKeyFailsTheCheck() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Seal seal = pki.issue("CN=Test Seal", "EC", Duration.ofDays(365));
        TestPki.Seal other = pki.issue("CN=Other Seal", "EC", Duration.ofDays(365));
        var signer = new CompactSigner(token(seal));
        Sign1Message genuine = decode(PAYLOAD.fragment(signer));

        assertThat(genuine.validate(new OneKey(other.chain().get(0).getPublicKey(), null)))
                .as("checked with another seal's key")
                .isFalse();

        CBORObject forged = CBORObject.DecodeFromBytes(genuine.EncodeToBytes());
        CBORObject claims = CBORObject.DecodeFromBytes(forged.get(2).GetByteString());
        claims.set(CBORObject.FromObject(4), CBORObject.FromObject("李四"));
        forged.set(2, CBORObject.FromObject(claims.EncodeToBytes()));
        Sign1Message changed = (Sign1Message) Message.DecodeFromBytes(forged.EncodeToBytes(), MessageTag.Sign1);
        assertThat(changed.validate(new OneKey(seal.chain().get(0).getPublicKey(), null)))
                .as("the holder's name changed")
                .isFalse();
    }

    /**
     * Base45 in the QR code's alphanumeric mode costs 8.25 bits a byte, 23 % less than base64url in byte mode (10.7); deflating the message first (as the EU certificate does) saves another 10 % here (248 bytes to 223) but
     * needs a decompressor older phone browsers lack, so the payload is not deflated.
     */
    @Test
    void aPayloadStaysUnderFourHundredAndTwentyCharacters() throws Exception {
        TestPki.Seal seal = new TestPki(dir).issue("CN=Test Seal", "EC", Duration.ofDays(365));
        String fragment = PAYLOAD.fragment(new CompactSigner(token(seal)));
        System.out.println("Offline payload, " + fragment.length() + " characters: " + fragment);
        assertThat(fragment.length()).isLessThan(420);
    }

    static Sign1Message decode(String fragment) throws Exception {
        String base45 = URLDecoder.decode(
                fragment.substring(OfflinePayload.PREFIX.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        byte[] cose = Base45.decode(base45);
        assertThat(HexFormat.of().formatHex(cose, 0, 1)).as("tag 18").isEqualTo("d2");
        return (Sign1Message) Message.DecodeFromBytes(cose, MessageTag.Sign1);
    }

    private KeyStoreSignatureToken token(TestPki.Seal seal) throws Exception {
        char[] password = "test".toCharArray();
        return KeyStoreSignatureToken.open(
                seal.writePkcs12(dir.resolve("seal-" + System.nanoTime() + ".p12"), password), password, "seal");
    }
}
