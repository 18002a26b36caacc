package org.certhub.sealing;

/**
 * A seal as it signs right now: its current key (the registry swaps it on rotation) and its visible appearance.
 *
 * @param id         the seal's id in the registry, e.g. {@code jiangsu-housing}
 * @param keyVersion which of the seal's keys this is; increases with each rotation
 * @param token      the key port; document code never sees the key itself
 * @param sealer     lays the seal image and a PAdES signature on a PDF; null for an SM2 seal
 * @param ofdSealer  signs an OFD with the seal's electronic seal (GB/T 38540); null but for an SM2 seal
 */
public record ActiveSeal(String id, int keyVersion, SignatureToken token, PadesSealer sealer, OfdSealer ofdSealer) {

    /** A seal for PDF. */
    public ActiveSeal(String id, int keyVersion, SignatureToken token, PadesSealer sealer) {
        this(id, keyVersion, token, sealer, null);
    }

    /** The same key signing the QR code's offline payload and the trust and status lists. */
    public CompactSigner signer() {
        return new CompactSigner(token);
    }
}
