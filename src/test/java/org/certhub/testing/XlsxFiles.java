package org.certhub.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Damaged and hostile XLSX files, made from a good one by rewriting the XML of every sheet. */
public final class XlsxFiles {

    private XlsxFiles() {}

    /** The workbook with {@code padding} bytes of white space after the rows of each sheet: it inflates ~1000 times. */
    public static Path zipBomb(byte[] xlsx, Path target, long padding) throws IOException {
        return rewriteSheet(xlsx, target, (xml, out) -> {
            int end = xml.indexOf("</sheetData>");
            out.write(xml.substring(0, end).getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 16];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (long written = 0; written < padding; written += spaces.length) {
                out.write(spaces);
            }
            out.write(xml.substring(end).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The workbook with each sheet's XML cut after the rows and followed by {@code tail}: damaged mid-row. */
    public static Path replaceSheetTail(byte[] xlsx, Path target, String tail) throws IOException {
        return rewriteSheet(xlsx, target, (xml, out) -> {
            int end = xml.indexOf("</sheetData>");
            out.write((xml.substring(0, end) + tail).getBytes(StandardCharsets.UTF_8));
        });
    }

    private interface SheetWriter {
        void write(String xml, OutputStream out) throws IOException;
    }

    private static Path rewriteSheet(byte[] xlsx, Path target, SheetWriter writer) throws IOException {
        try (var in = new ZipInputStream(new ByteArrayInputStream(xlsx));
                var out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().matches("xl/worksheets/sheet\\d+\\.xml")) {
                    writer.write(new String(in.readAllBytes(), StandardCharsets.UTF_8), out);
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }
}
