package org.certhub.testing;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.PDFRenderer;

/** Reads the QR code printed on a certificate, as a phone camera would. */
public final class QrCodes {

    private QrCodes() {}

    public static String read(byte[] pdf) throws IOException {
        com.google.zxing.NotFoundException missed = null;
        try (var doc = Loader.loadPDF(pdf)) {
            // as a phone does, which takes the next frame when one does not read: 150 dpi first (2.7 pixels a module
            // for a version 14 code), then closer; ZXing misses a few per cent of codes at 3 pixels a module
            // (QrCode.MASK)
            for (int dpi : new int[] {150, 200, 300}) {
                BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, dpi);
                int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
                var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
                try {
                    return new MultiFormatReader()
                            .decode(new BinaryBitmap(new HybridBinarizer(source)))
                            .getText();
                } catch (com.google.zxing.NotFoundException e) {
                    missed = e;
                }
            }
        }
        throw new AssertionError("no QR code found on the certificate at 150, 200 or 300 dpi", missed);
    }
}
