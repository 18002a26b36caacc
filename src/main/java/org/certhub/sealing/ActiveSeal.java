package org.certhub.sealing;

/**
 * A seal as it signs right now: its current key (the registry swaps it on rotation) and its visible appearance.
 *
 * @param id         the seal's id in the registry, e.g. {@code jiangsu-housing}
 * @param keyVersion which of the seal's keys this is; increases with each rotation
 * @param token      the key port; document code never sees the key itself
 * @param sealer     lays the seal image and signature on a document
 */
public record ActiveSeal(String id, int keyVersion, SignatureToken token, PadesSealer sealer) {

    /** The same key signing the QR code's offline payload and the trust and status lists. */
    public CompactSigner signer() {
        return new CompactSigner(token);
    }
}
