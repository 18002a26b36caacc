package org.certhub.rendering;

import java.io.IOException;
import java.util.List;

/**
 * Where a face is drawn: one page of a file format. Coordinates are PDF's user space for an A4 page (points, origin
 * at the lower left, y upwards), in which the layout is written once for every format; a surface translates them.
 */
interface Surface {

    /** Strokes the outline of a rectangle with lower-left corner (x, y). */
    void strokeRectangle(float x, float y, float width, float height, float lineWidth, float[] rgb) throws IOException;

    /** Strokes straight lines, each {x1, y1, x2, y2}, as one path. */
    void strokeLines(List<float[]> lines, float lineWidth, float[] rgb) throws IOException;

    /** Fills rectangles, each {x, y, width, height} with (x, y) the lower-left corner, as one path. */
    void fillRectangles(List<float[]> rectangles, float[] rgb) throws IOException;

    /** Draws text with its baseline starting at (x, y), each run in its font. */
    void text(List<DocumentFonts.Run> runs, float size, float x, float y, float[] rgb) throws IOException;
}
