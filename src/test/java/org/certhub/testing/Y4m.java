package org.certhub.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A one-frame YUV4MPEG2 video (4:2:0, BT.601 full range): what Chromium's fake camera plays from a file. */
public final class Y4m {

    private Y4m() {}

    /** The picture as a still video; its width and height must be even. */
    public static byte[] still(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        var out = new ByteArrayOutputStream(w * h * 3 / 2 + 64);
        out.writeBytes(("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\nFRAME\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] u = new byte[(w / 2) * (h / 2)];
        byte[] v = new byte[u.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = picture.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                out.write(clamp(0.299 * r + 0.587 * g + 0.114 * b));
                if (x % 2 == 0 && y % 2 == 0) {
                    int i = (y / 2) * (w / 2) + x / 2;
                    u[i] = (byte) clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
                    v[i] = (byte) clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
                }
            }
        }
        out.writeBytes(u);
        out.writeBytes(v);
        return out.toByteArray();
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
