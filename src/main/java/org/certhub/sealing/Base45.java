package org.certhub.sealing;

import java.io.ByteArrayOutputStream;

/**
 * Base45 (RFC 9285): two bytes in three characters of the QR code's alphanumeric alphabet, so that a QR code carries
 * binary data in its compact alphanumeric mode (5.5 bits a character) instead of byte mode (8 bits).
 */
public final class Base45 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private Base45() {}

    public static String encode(byte[] data) {
        var out = new StringBuilder((data.length + 1) / 2 * 3);
        int i = 0;
        for (; i + 1 < data.length; i += 2) {
            int n = (data[i] & 0xff) * 256 + (data[i + 1] & 0xff);
            out.append(ALPHABET.charAt(n % 45));
            out.append(ALPHABET.charAt(n / 45 % 45));
            out.append(ALPHABET.charAt(n / 2025));
        }
        if (i < data.length) {
            int n = data[i] & 0xff;
            out.append(ALPHABET.charAt(n % 45));
            out.append(ALPHABET.charAt(n / 45));
        }
        return out.toString();
    }

    /**
     * @throws IllegalArgumentException on a character outside the alphabet, a length that leaves one character, or a
     *     group whose value is out of range
     */
    public static byte[] decode(String text) {
        if (text.length() % 3 == 1) {
            throw new IllegalArgumentException("not Base45: a length of 3n+1");
        }
        var out = new ByteArrayOutputStream(text.length() / 3 * 2 + 1);
        for (int i = 0; i < text.length(); i += 3) {
            int c = value(text.charAt(i));
            int d = value(text.charAt(i + 1));
            if (i + 2 < text.length()) {
                int n = c + d * 45 + value(text.charAt(i + 2)) * 2025;
                if (n > 0xffff) {
                    throw new IllegalArgumentException("not Base45: a group above 65535 at " + i);
                }
                out.write(n >> 8);
                out.write(n & 0xff);
            } else {
                int n = c + d * 45;
                if (n > 0xff) {
                    throw new IllegalArgumentException("not Base45: a last pair above 255");
                }
                out.write(n);
            }
        }
        return out.toByteArray();
    }

    private static int value(char c) {
        int v = ALPHABET.indexOf(c);
        if (v < 0) {
            throw new IllegalArgumentException("not Base45: '" + c + "'");
        }
        return v;
    }
}
