package org.certhub.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrCodeTests {

    private static final int[] PIXELS_PER_MODULE = {3, 4, 5};

    /**
     * The codes are drawn with one fixed mask instead of the best of eight. ZXing's reader fails now and then even on
     * perfect synthetic images (one or two in 100 of these version 14 codes, whichever mask it chose; another try at
     * another distance reads them), so the check is that the fixed mask fails rarely, and not clearly more often than
     * ZXing's own choice on the same URLs.
     */
    @Test
    void verificationUrlsDrawnWithTheFixedMaskScanAtLeastAsWellAsWithTheBestOfEight() throws Exception {
        var random = new Random(42);
        int fixedFailures = 0;
        int chosenFailures = 0;
        for (int i = 0; i < 500; i++) {
            byte[] token = new byte[18];
            random.nextBytes(token);
            // as printed: the token, then the offline payload (a COSE message of about 260 bytes, in Base45)
            byte[] payload = new byte[250 + random.nextInt(20)];
            random.nextBytes(payload);
            String url = "https://certhub.example.gov.cn/v/"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(token)
                    + "#"
                    + org.certhub.sealing.OfflinePayload.fragment(payload);
            BitMatrix fixed = QrCode.encode(url).modules();
            BitMatrix chosen = new QRCodeWriter()
                    .encode(
                            url,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.M,
                                    EncodeHintType.CHARACTER_SET,
                                    "UTF-8",
                                    EncodeHintType.MARGIN,
                                    0,
                                    EncodeHintType.QR_COMPACT,
                                    true));
            for (int scale : PIXELS_PER_MODULE) {
                if (!url.equals(scan(fixed, scale))) {
                    fixedFailures++;
                }
                if (!url.equals(scan(chosen, scale))) {
                    chosenFailures++;
                }
            }
        }
        System.out.println("Unreadable of 1,500 scans: " + fixedFailures + " with the fixed mask, " + chosenFailures
                + " with ZXing's choice");
        // counts of about 20 vary by half from one random set to another (QrCode.MASK): the bound is noise's
        assertThat(fixedFailures)
                .as("unreadable of 1,500 scans, fixed mask")
                .isLessThan(45)
                .isLessThanOrEqualTo(chosenFailures * 3 / 2 + 5);
    }

    /** Draws the modules as a clean camera image, with a 4-module quiet zone, and reads them; null if unreadable. */
    private static String scan(BitMatrix modules, int scale) {
        int quiet = 4 * scale;
        int side = modules.getWidth() * scale + 2 * quiet;
        int[] pixels = new int[side * side];
        Arrays.fill(pixels, 0xFFFFFFFF);
        for (int row = 0; row < modules.getHeight(); row++) {
            for (int col = 0; col < modules.getWidth(); col++) {
                if (modules.get(col, row)) {
                    for (int dy = 0; dy < scale; dy++) {
                        int start = (quiet + row * scale + dy) * side + quiet + col * scale;
                        Arrays.fill(pixels, start, start + scale, 0xFF000000);
                    }
                }
            }
        }
        try {
            var source = new RGBLuminanceSource(side, side, pixels);
            return new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(source)))
                    .getText();
        } catch (ReaderException e) {
            return null;
        }
    }
}
