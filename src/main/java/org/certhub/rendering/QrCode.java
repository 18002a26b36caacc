package org.certhub.rendering;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QR code drawn as vector rectangles: sharp at any zoom or print resolution, and a few hundred bytes instead of an
 * image per document.
 */
final class QrCode {

    /**
     * The mask every code is drawn with. Over 1,500 verification URLs with their offline payload (version 14 codes)
     * in two random sets, drawn at 3, 4 and 5 pixels a module, ZXing's reader failed on 1.9 % and 1.4 % of the images
     * drawn with mask 2, the one mask at or below the mask ZXing chooses by its penalty score (1.9 % and 2.3 %),
     * which costs 1.6 ms a code more. The other masks ranged from 0.8 % to 4.4 %, unsteadily from one set to the next.
     */
    static final int MASK = 2;

    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION,
            ErrorCorrectionLevel.M,
            EncodeHintType.CHARACTER_SET,
            StandardCharsets.UTF_8.name(),
            // the quiet zone is left to the layout, so the matrix holds modules only
            EncodeHintType.MARGIN,
            0,
            // Choosing the mask by trying all eight and scoring each was most of the QR cost. Every mask is valid for
            // a reader; QrCodeTests decodes hundreds of verification URLs drawn with this one.
            EncodeHintType.QR_MASK_PATTERN,
            MASK,
            // segments by content: the URL in byte mode, the offline payload after it (Base45) in alphanumeric mode,
            // which is 5.5 bits a character instead of 8
            EncodeHintType.QR_COMPACT,
            Boolean.TRUE);

    private final BitMatrix modules;

    private QrCode(BitMatrix modules) {
        this.modules = modules;
    }

    static QrCode encode(String content) {
        try {
            // size 0 asks for one matrix cell per module
            return new QrCode(new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, HINTS));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode QR code for " + content, e);
        }
    }

    /** The modules, one cell each: true is dark. */
    BitMatrix modules() {
        return modules;
    }

    /**
     * The dark modules as rectangles {x, y, width, height} filling the square with lower-left corner (x, y) and the
     * given side: one rectangle per horizontal run of modules, which keeps the path small.
     */
    List<float[]> rectangles(float x, float y, float side) {
        int size = modules.getWidth();
        float module = side / size;
        List<float[]> rectangles = new ArrayList<>(size * size / 4);
        for (int row = 0; row < size; row++) {
            float top = y + side - row * module;
            int col = 0;
            while (col < size) {
                if (!modules.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < size && modules.get(col, row)) {
                    col++;
                }
                rectangles.add(new float[] {x + start * module, top - module, (col - start) * module, module});
            }
        }
        return rectangles;
    }
}
