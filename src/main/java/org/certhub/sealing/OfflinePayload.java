package org.certhub.sealing;

import com.upokecenter.cbor.CBORObject;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the QR code carries besides its URL, so that a verifier with no network can check a certificate: the
 * certificate's public facts, signed by the seal that seals its file. It rides in the URL's fragment
 * ({@code https://…/v/<token>#CH1:<payload>}), which a browser never sends to a server, so any phone still opens the
 * page.
 *
 * <p>The payload is a COSE_Sign1 (RFC 9052, tag 18) in Base45 (RFC 9285), like the EU digital COVID certificate but
 * without its zlib step (a certificate's payload is too short to shrink). Its protected header names the algorithm
 * (1) and the signer's key id (4, {@link CompactSigner#kidOf}); its payload is a CBOR map with integer keys:
 * <ol>
 *   <li>identifier (GB/T 36904)</li>
 *   <li>certificate number</li>
 *   <li>catalogue type code</li>
 *   <li>holder's name</li>
 *   <li>holder's ID number or credit code, masked as the public pages mask it</li>
 *   <li>issue date</li>
 *   <li>valid from (absent when open)</li>
 *   <li>valid to (absent when open)</li>
 *   <li>index in the status list ({@code /.well-known/certhub/status-list})</li>
 * </ol>
 * Dates are RFC 8943 tag 100, days since 1970-01-01. A space and a percent sign of the Base45 text are
 * percent-encoded in the fragment, so that the fragment survives a browser and every character stays in the QR
 * code's alphanumeric set.
 *
 * @param statusIndex the entry of this version in the status list: its version id
 */
public record OfflinePayload(
        String identifier,
        String number,
        String typeCode,
        String holderName,
        String maskedHolderCode,
        LocalDate issuedOn,
        LocalDate validFrom,
        LocalDate validTo,
        long statusIndex) {

    /** Marks the fragment as a payload of this layout. */
    public static final String PREFIX = "CH1:";

    static final int COSE_SIGN1_TAG = 18;
    static final int DAYS_TAG = 100;

    public OfflinePayload {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(typeCode, "typeCode");
        Objects.requireNonNull(holderName, "holderName");
        Objects.requireNonNull(maskedHolderCode, "maskedHolderCode");
        Objects.requireNonNull(issuedOn, "issuedOn");
    }

    /** The URL fragment (without {@code #}): the signed payload, Base45, percent-encoded where a URL needs it. */
    public String fragment(CompactSigner signer) {
        return fragment(coseSign1(signer));
    }

    /** A COSE message as a URL fragment: the prefix, then Base45 with its space and percent sign percent-encoded. */
    public static String fragment(byte[] coseSign1) {
        return PREFIX + Base45.encode(coseSign1).replace("%", "%25").replace(" ", "%20");
    }

    /** The COSE_Sign1 message, tagged. */
    byte[] coseSign1(CompactSigner signer) {
        byte[] protectedHeader = CBORObject.NewMap()
                .Add(1, signer.coseAlgorithm())
                .Add(4, signer.kid())
                .EncodeToBytes();
        byte[] payload = claims().EncodeToBytes();
        byte[] toBeSigned = CBORObject.NewArray()
                .Add("Signature1")
                .Add(protectedHeader)
                .Add(new byte[0])
                .Add(payload)
                .EncodeToBytes();
        CBORObject message = CBORObject.NewArray()
                .Add(protectedHeader)
                .Add(CBORObject.NewMap())
                .Add(payload)
                .Add(signer.sign(toBeSigned));
        return CBORObject.FromObjectAndTag(message, COSE_SIGN1_TAG).EncodeToBytes();
    }

    CBORObject claims() {
        CBORObject map = CBORObject.NewMap()
                .Add(1, identifier)
                .Add(2, number)
                .Add(3, typeCode)
                .Add(4, holderName)
                .Add(5, maskedHolderCode)
                .Add(6, days(issuedOn));
        if (validFrom != null) {
            map.Add(7, days(validFrom));
        }
        if (validTo != null) {
            map.Add(8, days(validTo));
        }
        return map.Add(9, statusIndex);
    }

    /** Reads a payload's claims (without checking its signature, which needs the trust list). */
    static OfflinePayload fromClaims(CBORObject map) {
        return new OfflinePayload(
                map.get(1).AsString(),
                map.get(2).AsString(),
                map.get(3).AsString(),
                map.get(4).AsString(),
                map.get(5).AsString(),
                date(map.get(6)),
                date(map.get(7)),
                date(map.get(8)),
                map.get(9).AsInt64Value());
    }

    private static CBORObject days(LocalDate date) {
        return CBORObject.FromObjectAndTag(date.toEpochDay(), DAYS_TAG);
    }

    private static LocalDate date(CBORObject days) {
        return days == null ? null : LocalDate.ofEpochDay(days.UntagOne().AsInt64Value());
    }
}
