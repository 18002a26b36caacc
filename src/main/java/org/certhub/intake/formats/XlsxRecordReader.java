package org.certhub.intake.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * Reads one sheet of an XLSX workbook as a stream of rows. The workbook is opened with Apache POI's package layer
 * ({@link XSSFReader}, {@link ReadOnlySharedStringsTable}) and the sheet's XML is pulled one row at a time, so a
 * sheet of any length is never held whole. The first non-empty row must be the expected header, exactly; row
 * numbers are the spreadsheet's own ({@link SheetRecordReader}). Cells become text as a person reads them
 * ({@link CellText}); booleans as {@code TRUE}/{@code FALSE}.
 *
 * <p>Limits against crafted files, each refused with a clear message: POI's zip-bomb checks (an entry inflating more
 * than {@value #MAX_INFLATION}× or beyond {@value #MAX_ENTRY_BYTES} bytes), shared strings beyond
 * {@value #MAX_SHARED_STRINGS_BYTES} bytes of XML, a row with a cell beyond column {@value #MAX_COLUMNS}, a cell
 * longer than {@value #MAX_CELL_TEXT} characters (Excel's own limit).
 */
final class XlsxRecordReader extends SheetRecordReader {

    static final long MAX_SHARED_STRINGS_BYTES = 100L << 20;
    static final long MAX_ENTRY_BYTES = 1L << 30;
    static final int MAX_INFLATION = 100;

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
        // POI's zip-bomb guard applies to every entry it inflates; these are process-wide settings
        ZipSecureFile.setMinInflateRatio(1.0 / MAX_INFLATION);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    private final OPCPackage pkg;
    private final InputStream sheetData;
    private final XMLStreamReader sheet;
    private final ReadOnlySharedStringsTable sharedStrings;
    private final StylesTable styles;
    private final CellText cellText;
    private final Map<Integer, NumberFormat> formats = new HashMap<>();
    private int lastRowNo;
    private boolean inRow;

    private XlsxRecordReader(
            OPCPackage pkg,
            InputStream sheetData,
            ReadOnlySharedStringsTable sharedStrings,
            StylesTable styles,
            boolean date1904,
            List<String> header)
            throws XMLStreamException {
        super(header);
        this.pkg = pkg;
        this.sheetData = sheetData;
        this.sheet = XML.createXMLStreamReader(sheetData);
        this.sharedStrings = sharedStrings;
        this.styles = styles;
        this.cellText = new CellText(date1904);
    }

    /** Opens the named sheet (the first when {@code sheetName} is null) and checks its header row. */
    static XlsxRecordReader open(Path file, List<String> expectedHeader, String sheetName) throws IOException {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            throw notXlsx(e);
        }
        XlsxRecordReader reader = null;
        try {
            var xssf = new XSSFReader(pkg, true);
            boolean date1904 = date1904(xssf);
            StylesTable styles = xssf.getStylesTable();
            ReadOnlySharedStringsTable strings = sharedStrings(pkg);
            InputStream data = sheet(xssf, sheetName);
            reader = new XlsxRecordReader(pkg, data, strings, styles, date1904, expectedHeader);
            reader.checkHeader();
            return reader;
        } catch (RejectedFileException e) {
            closeQuietly(reader, pkg);
            throw e;
        } catch (Exception e) {
            closeQuietly(reader, pkg);
            throw notXlsx(e);
        }
    }

    private static void closeQuietly(XlsxRecordReader reader, OPCPackage pkg) {
        if (reader != null) {
            reader.closeQuietly();
        } else {
            pkg.revert();
        }
    }

    private static RejectedFileException notXlsx(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RejectedFileException r) {
                return r;
            }
        }
        // POI's own messages may quote the file (the first bytes of a file that is no workbook): never pass them on
        if (isZipBomb(e)) {
            return new RejectedFileException(
                    "XLSX 文件解压后过大，疑为压缩炸弹，拒绝读取 (the workbook inflates beyond the " + "limits: a zip bomb?)");
        }
        return new RejectedFileException(
                "不是有效的 XLSX 文件，可能已损坏或不完整 (not a readable XLSX workbook, damaged or " + "truncated?)");
    }

    private static boolean isZipBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String detail = String.valueOf(t.getMessage());
            if (detail.contains("Zip bomb") || detail.contains("exceed the max")) {
                return true;
            }
        }
        return false;
    }

    private static boolean date1904(XSSFReader xssf) throws Exception {
        try (InputStream wb = xssf.getWorkbookData()) {
            XMLStreamReader xml = XML.createXMLStreamReader(wb);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                        if (xml.getLocalName().equals("workbookPr")) {
                            String v = xml.getAttributeValue(null, "date1904");
                            return "1".equals(v) || "true".equals(v);
                        }
                        if (xml.getLocalName().equals("sheets")) {
                            return false;
                        }
                    }
                }
                return false;
            } finally {
                xml.close();
            }
        }
    }

    private static ReadOnlySharedStringsTable sharedStrings(OPCPackage pkg) throws Exception {
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        if (parts.isEmpty()) {
            return null;
        }
        try (InputStream in = new Limited(parts.get(0).getInputStream(), MAX_SHARED_STRINGS_BYTES)) {
            // phonetic guides (furigana, pinyin) are annotations, not the cell's text
            return new ReadOnlySharedStringsTable(in, false);
        }
    }

    private static InputStream sheet(XSSFReader xssf, String name) throws Exception {
        XSSFReader.SheetIterator sheets = xssf.getSheetIterator();
        while (sheets.hasNext()) {
            InputStream data = sheets.next();
            if (name == null || name.equals(sheets.getSheetName())) {
                return data;
            }
            data.close();
        }
        throw new RejectedFileException(
                name == null
                        ? "工作簿中没有工作表 (the workbook has no sheet)"
                        : "工作簿中没有名为“" + name + "”的工作表 (no sheet named " + name + ")");
    }

    /** The next row of the sheet, or null after the last one. */
    @Override
    protected SheetRow readRow() {
        try {
            while (sheet.hasNext()) {
                if (sheet.next() == XMLStreamConstants.START_ELEMENT
                        && sheet.getLocalName().equals("row")) {
                    String r = sheet.getAttributeValue(null, "r");
                    int rowNo = r == null ? lastRowNo + 1 : Integer.parseInt(r);
                    lastRowNo = rowNo;
                    inRow = true;
                    Map<Integer, String> cells = readRow(rowNo);
                    inRow = false;
                    return new SheetRow(rowNo, cells);
                }
            }
            return null;
        } catch (XMLStreamException | NumberFormatException e) {
            throw unreadable(e);
        } catch (IllegalStateException e) {
            // POI's zip-bomb guard surfaces through the XML reader as an I/O failure
            throw unreadable(e);
        }
    }

    private RejectedFileException unreadable(Exception e) {
        int near = inRow ? lastRowNo : lastRowNo + 1;
        if (isZipBomb(e)) {
            return new RejectedFileException("第 " + near + " 行附近 XLSX 解压后过大，疑为压缩炸弹 (the sheet "
                    + "inflates beyond the limits near row " + near + ": a zip bomb?)");
        }
        // the XML parser's message quotes the markup it stumbled on: the row number says enough
        return new RejectedFileException("第 " + near + " 行附近工作表无法读取，文件可能已损坏或不完整 (the sheet "
                + "cannot be read near row " + near + ", damaged or truncated?)");
    }

    /** Reads the cells of the row the reader stands on, up to its end tag: column index to text. */
    private Map<Integer, String> readRow(int rowNo) throws XMLStreamException {
        var cells = new HashMap<Integer, String>();
        int column = -1;
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("row")) {
                return cells;
            }
            if (event == XMLStreamConstants.START_ELEMENT
                    && sheet.getLocalName().equals("c")) {
                String ref = sheet.getAttributeValue(null, "r");
                column = ref == null ? column + 1 : columnOf(ref);
                checkColumn(rowNo, column);
                String type = sheet.getAttributeValue(null, "t");
                String style = sheet.getAttributeValue(null, "s");
                String value = readCell(rowNo, type, style);
                checkLength(rowNo, value.length());
                cells.put(column, value);
            }
        }
    }

    /** Reads one {@code <c>} element up to its end tag and returns its text as a person sees it. */
    private String readCell(int rowNo, String type, String style) throws XMLStreamException {
        var v = new StringBuilder();
        var inline = new StringBuilder();
        boolean inV = false;
        boolean inT = false;
        int phonetic = 0;
        while (true) {
            int event = sheet.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = sheet.getLocalName();
                    inV = name.equals("v");
                    inT = name.equals("t") && phonetic == 0;
                    if (name.equals("rPh")) {
                        phonetic++;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    StringBuilder target = inV ? v : inT ? inline : null;
                    if (target != null) {
                        checkLength(rowNo, target.length() + sheet.getTextLength());
                        target.append(sheet.getTextCharacters(), sheet.getTextStart(), sheet.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    String name = sheet.getLocalName();
                    if (name.equals("c")) {
                        return cellText(type, style, v.toString(), inline.toString());
                    }
                    if (name.equals("rPh")) {
                        phonetic--;
                    }
                    inV = false;
                    inT = false;
                }
                default -> {
                    // formulas' text and other markup carry no value of their own
                }
            }
        }
    }

    private String cellText(String type, String style, String v, String inline) {
        if (type == null || type.equals("n")) {
            return v.isEmpty() ? "" : number(v, style);
        }
        return switch (type) {
            case "s" -> sharedString(v);
            case "inlineStr" -> inline;
            case "b" -> CellText.bool("1".equals(v));
            case "d" -> v.endsWith("T00:00:00") ? v.substring(0, v.length() - 9) : v;
            default -> v; // "str" (a formula's text) and "e" (an error such as #N/A)
        };
    }

    private String sharedString(String index) {
        if (sharedStrings == null || index.isEmpty()) {
            return "";
        }
        int i = Integer.parseInt(index.strip());
        if (i < 0 || i >= sharedStrings.getUniqueCount()) {
            throw new RejectedFileException("第 " + lastRowNo + " 行引用了不存在的共享字符串 (row " + lastRowNo
                    + " refers to a shared string that does not exist)");
        }
        return sharedStrings.getItemAt(i).getString();
    }

    private String number(String v, String style) {
        double value = Double.parseDouble(v.strip());
        // a cell without a style has the workbook's first, as in Excel
        NumberFormat format = formats.computeIfAbsent(style == null ? 0 : Integer.parseInt(style), this::numberFormat);
        return cellText.number(value, format.index(), format.string());
    }

    /** A style's number format: its index and its text, null when the workbook has no such style. */
    private record NumberFormat(int index, String string) {}

    private NumberFormat numberFormat(int style) {
        if (styles == null || style < 0 || style >= styles.getNumCellStyles()) {
            return new NumberFormat(0, null);
        }
        var cellStyle = styles.getStyleAt(style);
        return cellStyle == null
                ? new NumberFormat(0, null)
                : new NumberFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
    }

    /** The zero-based column of a cell reference such as {@code AB12}. */
    static int columnOf(String ref) {
        int column = 0;
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
            if (column > MAX_COLUMNS * 26) {
                break;
            }
        }
        return column - 1;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // closing after a failure: the failure is what counts
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
        } catch (XMLStreamException e) {
            // closing what was read
        } finally {
            try {
                sheetData.close();
            } finally {
                // opened read-only: revert closes it without writing anything
                pkg.revert();
            }
        }
    }

    /** Stops reading a part after a number of bytes, with an error instead of silently truncating. */
    private static final class Limited extends FilterInputStream {

        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw new RejectedFileException("XLSX 共享字符串超过 " + (max >> 20) + " MiB (the shared strings of the "
                        + "workbook exceed " + (max >> 20) + " MiB)");
            }
        }
    }
}
