package org.certhub.rendering;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The characters of GB 18030-2022 that a certificate must be able to print, which the shipped fonts are checked
 * against: the ideographs of its blocks, and every character of its one- and two-byte part (GBK's repertoire: the
 * symbols, punctuation, letters and radicals names and company names use, the middle dot U+00B7 of minority names
 * among them).
 *
 * <p>The blocks and their assigned ranges are those of Unicode 15.0 (the Unicode Character Database's Blocks.txt
 * and UnicodeData.txt); GB 18030-2022 encodes every code point of them. The JDK knows Unicode 13 only, so the ranges
 * are written out here, and the tests check that they include every ideograph the JDK knows in each block. The one-
 * and two-byte part is read from the JDK's GB18030 charset, which follows the 2022 mapping in current Java 17 updates (FE59 is
 * U+9FB4, no longer a private-use code point); private-use code points (its user-defined areas) are left out.
 */
final class Gb18030Repertoire {

    /** An ideograph block with its assigned code points. */
    enum Block {
        URO("CJK Unified Ideographs", 0x4E00, 0x9FFF),
        EXTENSION_A("CJK Unified Ideographs Extension A", 0x3400, 0x4DBF),
        EXTENSION_B("CJK Unified Ideographs Extension B", 0x20000, 0x2A6DF),
        EXTENSION_C("CJK Unified Ideographs Extension C", 0x2A700, 0x2B739),
        EXTENSION_D("CJK Unified Ideographs Extension D", 0x2B740, 0x2B81D),
        EXTENSION_E("CJK Unified Ideographs Extension E", 0x2B820, 0x2CEA1),
        EXTENSION_F("CJK Unified Ideographs Extension F", 0x2CEB0, 0x2EBE0),
        // FA6E and FA6F are unassigned
        COMPATIBILITY("CJK Compatibility Ideographs", 0xF900, 0xFAD9, c -> c != 0xFA6E && c != 0xFA6F),
        COMPATIBILITY_SUPPLEMENT("CJK Compatibility Ideographs Supplement", 0x2F800, 0x2FA1D);

        private final String title;
        private final int first;
        private final int last;
        private final IntPredicate assigned;

        Block(String title, int first, int last) {
            this(title, first, last, c -> true);
        }

        Block(String title, int first, int last, IntPredicate assigned) {
            this.title = title;
            this.first = first;
            this.last = last;
            this.assigned = assigned;
        }

        String title() {
            return title;
        }

        /** The block's assigned code points. */
        IntStream codePoints() {
            return IntStream.rangeClosed(first, last).filter(assigned);
        }

        /** Whether the code point lies in the block's assigned range. */
        boolean contains(int codePoint) {
            return codePoint >= first && codePoint <= last && assigned.test(codePoint);
        }
    }

    private Gb18030Repertoire() {}

    /** Every ideograph of the blocks. */
    static IntStream ideographs() {
        return java.util.Arrays.stream(Block.values()).flatMapToInt(Block::codePoints);
    }

    /** Every character of the one- and two-byte part (printable ASCII included), private use left out. */
    static IntStream oneAndTwoByteCharacters() {
        CharsetDecoder gb18030 = Charset.forName("GB18030")
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        TreeSet<Integer> characters = new TreeSet<>();
        for (int c = 0x20; c < 0x7F; c++) {
            characters.add(c);
        }
        for (int high = 0x81; high <= 0xFE; high++) {
            for (int low = 0x40; low <= 0xFE; low++) {
                if (low == 0x7F) {
                    continue;
                }
                try {
                    gb18030.decode(ByteBuffer.wrap(new byte[] {(byte) high, (byte) low}))
                            .codePoints()
                            .forEach(characters::add);
                } catch (CharacterCodingException unassigned) {
                    // not a character of the two-byte part
                }
            }
        }
        return characters.stream()
                .mapToInt(Integer::intValue)
                .filter(c -> Character.getType(c) != Character.PRIVATE_USE);
    }
}
