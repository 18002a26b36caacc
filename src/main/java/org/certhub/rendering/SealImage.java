package org.certhub.rendering;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a round red official seal: outer ring, the authority's name along the top arc and a five-pointed star in the
 * middle, on a transparent background. Demo installs only; a real authority supplies the image of its registered seal.
 */
public final class SealImage {

    private static final int SIZE = 400;
    private static final Color SEAL_RED = new Color(0xD7, 0x10, 0x10);

    private SealImage() {}

    public static byte[] png(String authorityName) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(SEAL_RED);
            double centre = SIZE / 2.0;

            float ring = 12;
            g.setStroke(new BasicStroke(ring));
            g.drawOval((int) (ring / 2 + 4), (int) (ring / 2 + 4), (int) (SIZE - ring - 8), (int) (SIZE - ring - 8));

            g.fill(star(centre, centre, 62, 62 * 0.382));
            drawArcText(g, authorityName, centre, SIZE / 2.0 - ring - 16);
        } finally {
            g.dispose();
        }
        paintEverythingRed(image);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The seal is one colour; only the alpha channel carries the shape. Anti-aliasing leaves transparent black and
     * blended shades in the colour planes, so setting them all to the seal red makes those planes constant: they
     * compress to almost nothing, in the PNG and in every sealed PDF.
     */
    private static void paintEverythingRed(BufferedImage image) {
        int red = SEAL_RED.getRGB() & 0xFFFFFF;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, image.getRGB(x, y) & 0xFF000000 | red);
            }
        }
    }

    /** Characters upright along the top arc, tops outwards, spread symmetrically around twelve o'clock. */
    private static void drawArcText(Graphics2D g, String text, double centre, double outerRadius) {
        int[] characters = text.codePoints().toArray();
        if (characters.length == 0) {
            return;
        }
        // long names get smaller characters and a wider arc, up to 240 degrees
        float size = characters.length <= 10 ? 52 : Math.max(30, 520f / characters.length);
        Font font = FontSet.awtMainFont(size);
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        double textRadius = outerRadius - metrics.getAscent() * 0.85;
        double step = Math.min(Math.toRadians(240) / characters.length, Math.toRadians(24));
        double first = -step * (characters.length - 1) / 2;
        AffineTransform original = g.getTransform();
        for (int i = 0; i < characters.length; i++) {
            String character = new String(characters, i, 1);
            g.setTransform(original);
            g.rotate(first + i * step, centre, centre);
            int width = metrics.stringWidth(character);
            g.drawString(character, (float) (centre - width / 2.0), (float) (centre - textRadius));
        }
        g.setTransform(original);
    }

    private static Path2D star(double cx, double cy, double outer, double inner) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? outer : inner;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            double x = cx + radius * Math.cos(angle);
            double y = cy + radius * Math.sin(angle);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }
}
