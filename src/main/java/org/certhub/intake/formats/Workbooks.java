package org.certhub.intake.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.poifs.filesystem.FileMagic;

/**
 * Opens a workbook for a source of kind {@code xlsx}, whichever of Excel's two formats it is in: XLSX (Excel 2007
 * and later, a zip) or Excel 97–2003 {@code .xls} (an OLE2 file). The file's first bytes tell them apart, not its
 * name, so a workbook saved in either format, under either name, is read by the same rules.
 */
final class Workbooks {

    private Workbooks() {}

    /** Opens the named sheet (the first when {@code sheetName} is null) and checks its header row. */
    static RecordReader open(Path file, List<String> expectedHeader, String sheetName) throws IOException {
        FileMagic magic = FileMagic.valueOf(file.toFile());
        if (magic == FileMagic.OLE2) {
            return XlsRecordReader.open(file, expectedHeader, sheetName);
        }
        if (magic == FileMagic.BIFF2 || magic == FileMagic.BIFF3 || magic == FileMagic.BIFF4) {
            throw new RejectedFileException("文件是 Excel 4.0 或更早的工作表，请另存为 .xlsx 或 Excel 97-2003 .xls (a "
                    + "worksheet older than Excel 97; save it as .xlsx)");
        }
        if (magic == FileMagic.HTML || magic == FileMagic.XML) {
            // what many systems export as ".xls": a web page's table or an Excel 2003 XML spreadsheet
            throw new RejectedFileException("文件是网页或 XML 表格（常见于系统导出的 .xls），不是 Excel 工作簿，请用 Excel 打开后另存为 .xlsx "
                    + "(an HTML or XML file under a workbook's name, as some systems export; open it in Excel and "
                    + "save it as .xlsx)");
        }
        // anything else is read as XLSX, which says what is wrong with it
        return XlsxRecordReader.open(file, expectedHeader, sheetName);
    }

    /**
     * Reads a workbook from a stream, which it closes. Both formats need random access, so the stream is spooled to
     * a temporary file that is deleted when the reader closes.
     */
    static RecordReader open(InputStream in, List<String> expectedHeader, String sheetName) throws IOException {
        Path spool = Files.createTempFile("certhub-", ".workbook");
        try (in) {
            try (var out = Files.newOutputStream(spool)) {
                in.transferTo(out);
            }
            if (Files.size(spool) == 0) {
                throw new RejectedFileException("内容为空 (empty workbook input)");
            }
            return new Spooled(open(spool, expectedHeader, sheetName), spool);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    /** A reader of a spooled copy, which it deletes on close. */
    private record Spooled(RecordReader reader, Path spool) implements RecordReader {

        @Override
        public Charset charset() {
            return reader.charset();
        }

        @Override
        public boolean hasNext() {
            return reader.hasNext();
        }

        @Override
        public RawRow next() {
            return reader.next();
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }
}
