package org.certhub.rendering;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adds a character map to a TrueType font that has none. fontbox's subsetter writes a cmap for the Basic Multilingual
 * Plane only (format 4), so a font cut to 𠮷 (U+20BB7) would lose the character; this writes a format 4 subtable for
 * the BMP and a format 12 subtable for every plane (OpenType 1.9, "cmap"), and rebuilds the table directory and the
 * checksums around it.
 */
final class TrueTypeCmap {

    private static final int TABLE_RECORD = 16;
    private static final long CHECKSUM_MAGIC = 0xB1B0AFBAL;

    private TrueTypeCmap() {}

    /** A segment of consecutive code points mapped to consecutive glyphs. */
    private record Run(int first, int last, int firstGlyph) {}

    /**
     * The font with a cmap mapping each code point to its glyph.
     *
     * @param font          a TrueType font without a cmap table
     * @param glyphOfCodePoint code point to glyph id, every glyph id above 0
     */
    static byte[] addTo(byte[] font, SortedMap<Integer, Integer> glyphOfCodePoint) {
        try {
            Map<String, byte[]> tables = tables(font);
            if (tables.containsKey("cmap")) {
                throw new IllegalArgumentException("the font has a cmap already");
            }
            tables.put("cmap", cmap(runs(glyphOfCodePoint)));
            return write(ByteBuffer.wrap(font).getInt(0), tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Run> runs(SortedMap<Integer, Integer> glyphOfCodePoint) {
        List<Run> runs = new ArrayList<>();
        Run run = null;
        for (Map.Entry<Integer, Integer> e : glyphOfCodePoint.entrySet()) {
            int codePoint = e.getKey();
            int glyph = e.getValue();
            if (run != null
                    && codePoint == run.last() + 1
                    && glyph == run.firstGlyph() + codePoint - run.first()
                    && (codePoint != 0x10000)) {
                run = new Run(run.first(), codePoint, run.firstGlyph());
                runs.set(runs.size() - 1, run);
            } else {
                run = new Run(codePoint, codePoint, glyph);
                runs.add(run);
            }
        }
        return runs;
    }

    private static byte[] cmap(List<Run> runs) throws IOException {
        byte[] bmp = format4(runs.stream().filter(r -> r.last() <= 0xFFFF).toList());
        byte[] all = format12(runs);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(0); // version
        out.writeShort(2); // subtables
        int first = 4 + 2 * 8;
        out.writeShort(3); // Windows
        out.writeShort(1); // Unicode BMP
        out.writeInt(first);
        out.writeShort(3); // Windows
        out.writeShort(10); // Unicode full repertoire
        out.writeInt(first + bmp.length);
        out.write(bmp);
        out.write(all);
        return bytes.toByteArray();
    }

    /** Segment mapping to delta values, with the closing 0xFFFF segment. */
    private static byte[] format4(List<Run> runs) throws IOException {
        int segments = runs.size() + 1;
        int searchRange = 2 * Integer.highestOneBit(segments);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(4);
        out.writeShort(16 + 8 * segments); // length
        out.writeShort(0); // language
        out.writeShort(2 * segments);
        out.writeShort(searchRange);
        out.writeShort(Integer.numberOfTrailingZeros(searchRange / 2));
        out.writeShort(2 * segments - searchRange);
        for (Run r : runs) {
            out.writeShort(r.last());
        }
        out.writeShort(0xFFFF);
        out.writeShort(0); // reserved pad
        for (Run r : runs) {
            out.writeShort(r.first());
        }
        out.writeShort(0xFFFF);
        for (Run r : runs) {
            out.writeShort((r.firstGlyph() - r.first()) & 0xFFFF);
        }
        out.writeShort(1); // 0xFFFF + 1 = glyph 0
        for (int i = 0; i < segments; i++) {
            out.writeShort(0); // idRangeOffset: the delta alone
        }
        return bytes.toByteArray();
    }

    /** Segmented coverage: every plane. */
    private static byte[] format12(List<Run> runs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(12);
        out.writeShort(0); // reserved
        out.writeInt(16 + 12 * runs.size()); // length
        out.writeInt(0); // language
        out.writeInt(runs.size());
        for (Run r : runs) {
            out.writeInt(r.first());
            out.writeInt(r.last());
            out.writeInt(r.firstGlyph());
        }
        return bytes.toByteArray();
    }

    /** The font's tables by tag, in the order of the directory (which is by tag). */
    private static Map<String, byte[]> tables(byte[] font) {
        ByteBuffer in = ByteBuffer.wrap(font);
        int count = in.getShort(4) & 0xFFFF;
        Map<String, byte[]> tables = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int record = 12 + i * TABLE_RECORD;
            byte[] tag = new byte[4];
            in.get(record, tag);
            int offset = in.getInt(record + 8);
            int length = in.getInt(record + 12);
            byte[] table = new byte[length];
            in.get(offset, table);
            tables.put(new String(tag, java.nio.charset.StandardCharsets.US_ASCII), table);
        }
        return tables;
    }

    private static byte[] write(int sfntVersion, Map<String, byte[]> tables) {
        int count = tables.size();
        int power = Integer.highestOneBit(count);
        int size = 12 + count * TABLE_RECORD;
        for (byte[] table : tables.values()) {
            size += padded(table.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(sfntVersion);
        out.putShort((short) count);
        out.putShort((short) (power * 16));
        out.putShort((short) Integer.numberOfTrailingZeros(power));
        out.putShort((short) (count * 16 - power * 16));
        int offset = 12 + count * TABLE_RECORD;
        int headOffset = -1;
        int record = 12;
        for (Map.Entry<String, byte[]> e : tables.entrySet()) {
            byte[] table = e.getValue();
            if (e.getKey().equals("head")) {
                headOffset = offset;
                ByteBuffer.wrap(table).putInt(8, 0); // checkSumAdjustment, set below
            }
            out.put(record, e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.putInt(record + 4, (int) checksum(table, 0, table.length));
            out.putInt(record + 8, offset);
            out.putInt(record + 12, table.length);
            out.put(offset, table);
            record += TABLE_RECORD;
            offset += padded(table.length);
        }
        byte[] bytes = out.array();
        if (headOffset >= 0) {
            long adjustment = (CHECKSUM_MAGIC - checksum(bytes, 0, bytes.length)) & 0xFFFFFFFFL;
            ByteBuffer.wrap(bytes).putInt(headOffset + 8, (int) adjustment);
        }
        return bytes;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** The sum of the big-endian 32-bit words, the last one padded with zeros. */
    private static long checksum(byte[] bytes, int from, int length) {
        long sum = 0;
        for (int i = from; i < from + length; i += 4) {
            long word = 0;
            for (int j = 0; j < 4; j++) {
                word = word << 8 | (i + j < from + length ? bytes[i + j] & 0xFF : 0);
            }
            sum = sum + word & 0xFFFFFFFFL;
        }
        return sum;
    }
}
