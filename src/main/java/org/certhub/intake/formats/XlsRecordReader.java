package org.certhub.intake.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.CellValueRecordInterface;
import org.apache.poi.hssf.record.DateWindow1904Record;
import org.apache.poi.hssf.record.EOFRecord;
import org.apache.poi.hssf.record.ExtendedFormatRecord;
import org.apache.poi.hssf.record.FormatRecord;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.Record;
import org.apache.poi.hssf.record.RecordFactoryInputStream;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.FormulaError;

/**
 * Reads one sheet of an Excel 97–2003 workbook ({@code .xls}, BIFF8) as a stream of rows, with the same rules as
 * XLSX ({@link SheetRecordReader}, {@link CellText}). The file is opened with POI's POIFS (read-only, the file is
 * not loaded) and its {@code Workbook} stream is pulled record by record through HSSF's
 * {@link RecordFactoryInputStream}, the reader under POI's event API ({@code HSSFEventFactory}): the workbook's
 * globals first (number formats, cell styles, the shared strings, the sheets' names), then the rows of the wanted
 * sheet as its cell records come, one row at a time. The number formats are tracked as POI's
 * {@code FormatTrackingHSSFListener} does, with the style index checked against the file.
 *
 * <p>Limits against crafted files, each refused with a clear message: any one record (in practice the shared strings
 * with their continuations) beyond {@value #MAX_RECORD_BYTES} bytes (32 MiB), more than {@value #MAX_STYLES} cell styles or
 * number formats, and the limits of every sheet (a cell beyond column {@value #MAX_COLUMNS}, a cell longer than
 * {@value #MAX_CELL_TEXT} characters). Excel 5.0/95 workbooks and encrypted ones are refused with what to do.
 */
final class XlsRecordReader extends SheetRecordReader {

    /**
     * The shared strings are held in memory, as XLSX's are. POI reads them into objects that take about six times
     * their size in the file, so the cap is lower than XLSX's: a sheet of 65,536 rows (Excel 97's most) of eleven
     * columns, six of them text, has 7 MiB.
     */
    static final long MAX_RECORD_BYTES = 32L << 20;
    /** Style and format indexes are 16-bit numbers: a file with more is not Excel's. */
    static final int MAX_STYLES = 1 << 16;

    private final POIFSFileSystem fs;
    private final RecordBudget budget;
    private final RecordFactoryInputStream records;
    /** per cell style (XF record, in file order): its number format's index */
    private final List<Integer> styleFormats = new ArrayList<>();
    /** custom number formats by index */
    private final Map<Integer, String> customFormats = new HashMap<>();

    private CellText cellText = new CellText(false);
    /** the shared strings as plain text: a third of the memory of POI's records, which are let go */
    private String[] sharedStrings;

    private int depth;
    private boolean sheetEnded;
    /** a cell record of the next row, read while finishing the current one */
    private Record pushedBack;
    /** the cell whose text a STRING record after its formula carries */
    private int formulaRow = -1;

    private int formulaColumn;

    private int rowNo;
    private Map<Integer, String> cells;

    private XlsRecordReader(List<String> header, POIFSFileSystem fs, RecordBudget budget) {
        super(header);
        this.fs = fs;
        this.budget = budget;
        this.records = new RecordFactoryInputStream(budget, false);
    }

    /** Opens the named sheet (the first when {@code sheetName} is null) and checks its header row. */
    static XlsRecordReader open(Path file, List<String> expectedHeader, String sheetName) throws IOException {
        return open(file, expectedHeader, sheetName, MAX_RECORD_BYTES);
    }

    /** @param maxRecordBytes the cap on one record, the shared strings in practice */
    static XlsRecordReader open(Path file, List<String> expectedHeader, String sheetName, long maxRecordBytes)
            throws IOException {
        POIFSFileSystem fs;
        try {
            fs = new POIFSFileSystem(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw notXls();
        }
        XlsRecordReader reader = null;
        try {
            InputStream workbook = workbookStream(fs.getRoot());
            reader = new XlsRecordReader(expectedHeader, fs, new RecordBudget(workbook, maxRecordBytes));
            reader.readGlobals(sheetName);
            reader.checkHeader();
            return reader;
        } catch (RejectedFileException e) {
            closeQuietly(reader, fs);
            throw e;
        } catch (EncryptedDocumentException e) {
            closeQuietly(reader, fs);
            throw encrypted();
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, fs);
            throw rejected(e, notXls());
        }
    }

    private static InputStream workbookStream(DirectoryNode root) throws IOException {
        if (root.hasEntry("EncryptedPackage")) {
            throw encrypted(); // an encrypted XLSX is an OLE2 file too
        }
        if (root.hasEntry("Workbook")) {
            return root.createDocumentInputStream("Workbook");
        }
        if (root.hasEntry("WORKBOOK")) {
            return root.createDocumentInputStream("WORKBOOK");
        }
        if (root.hasEntry("Book") || root.hasEntry("BOOK")) {
            throw tooOld();
        }
        throw new RejectedFileException(
                "文件不是 Excel 工作簿 (an OLE2 file, such as a Word document, but no Excel workbook)");
    }

    private static void closeQuietly(XlsRecordReader reader, POIFSFileSystem fs) {
        try {
            if (reader != null) {
                reader.close();
            } else {
                fs.close();
            }
        } catch (IOException | RuntimeException e) {
            // closing after a failure: the failure is what counts
        }
    }

    /** Reads the workbook's globals up to their end, then skips the sheets before the wanted one. */
    private void readGlobals(String sheetName) {
        Record first = nextRecord();
        if (!(first instanceof BOFRecord bof) || bof.getType() != BOFRecord.TYPE_WORKBOOK) {
            throw notXls();
        }
        if (bof.getVersion() != BOFRecord.VERSION) {
            throw tooOld();
        }
        var sheets = new ArrayList<BoundSheetRecord>();
        while (depth > 0) {
            Record r = nextRecord();
            if (r == null) {
                throw notXls();
            }
            // fonts, colours, names and the rest do not change a cell's text
            if (r instanceof DateWindow1904Record w) {
                cellText = new CellText(w.getWindowing() == 1);
            } else if (r instanceof SSTRecord sst) {
                sharedStrings = new String[sst.getNumUniqueStrings()];
                for (int i = 0; i < sharedStrings.length; i++) {
                    sharedStrings[i] = sst.getString(i).getString();
                }
            } else if (r instanceof BoundSheetRecord sheet) {
                sheets.add(sheet);
            } else if (r instanceof ExtendedFormatRecord xf) {
                checkStyles(styleFormats.size());
                styleFormats.add(xf.getFormatIndex() & 0xFFFF);
            } else if (r instanceof FormatRecord format) {
                checkStyles(customFormats.size());
                customFormats.put(format.getIndexCode(), format.getFormatString());
            }
        }
        BoundSheetRecord[] ordered = BoundSheetRecord.orderByBofPosition(sheets);
        int wanted = -1;
        for (int i = 0; i < ordered.length && wanted < 0; i++) {
            if (sheetName == null || sheetName.equals(ordered[i].getSheetname())) {
                wanted = i;
            }
        }
        if (wanted < 0) {
            throw new RejectedFileException(
                    sheetName == null
                            ? "工作簿中没有工作表 (the workbook has no sheet)"
                            : "工作簿中没有名为“" + sheetName + "”的工作表 (no sheet named " + sheetName + ")");
        }
        // each sheet is a BOF ... EOF substream, in the order of the sheets' positions; charts nest inside them
        for (int sheet = 0; ; ) {
            Record r = nextRecord();
            if (r == null) {
                throw notXls();
            }
            if (r instanceof BOFRecord && depth == 1) {
                if (sheet == wanted) {
                    return;
                }
                sheet++;
            }
        }
    }

    private static void checkStyles(int count) {
        if (count >= MAX_STYLES) {
            throw new RejectedFileException("工作簿的单元格样式或数字格式超过 " + MAX_STYLES + " 个 (more than " + MAX_STYLES
                    + " cell styles or number formats: not a workbook Excel wrote)");
        }
    }

    /** The next record, with the nesting of BOF ... EOF substreams counted; null at the end of the stream. */
    private Record nextRecord() {
        budget.startRecord();
        Record r = records.nextRecord();
        if (r instanceof BOFRecord) {
            depth++;
        } else if (r instanceof EOFRecord) {
            depth--;
        }
        return r;
    }

    @Override
    protected SheetRow readRow() {
        try {
            return assembleRow();
        } catch (RejectedFileException e) {
            throw e;
        } catch (RuntimeException e) {
            int near = cells != null ? rowNo : rowNo + 1;
            throw rejected(
                    e,
                    new RejectedFileException("第 " + near + " 行附近工作表无法读取，文件可能已损坏或不完整 (the sheet cannot be "
                            + "read near row " + near + ", damaged or truncated?)"));
        }
    }

    /** Collects the cells of one row: cell records come by row, and a row ends where the next one's first cell is. */
    private SheetRow assembleRow() {
        while (!sheetEnded) {
            Record r = pushedBack != null ? pushedBack : nextRecord();
            pushedBack = null;
            if (r == null) {
                int near = cells != null ? rowNo : rowNo + 1;
                throw new RejectedFileException("第 " + near + " 行附近工作表在结尾之前中断，文件可能不完整 (the sheet ends " + "near row "
                        + near + " before its end record: truncated?)");
            }
            if (depth == 0) {
                // the sheet's EOF: the row being read is the last
                sheetEnded = true;
                break;
            }
            if (depth != 1) {
                continue; // a chart embedded in the sheet
            }
            if (r instanceof StringRecord text) {
                if (formulaRow == rowNo && cells != null) {
                    put(formulaColumn, text.getString());
                }
                formulaRow = -1;
                continue;
            }
            if (!(r instanceof CellValueRecordInterface cell)) {
                continue; // row heights, merged cells, comments ...
            }
            int row = cell.getRow() + 1;
            if (cells != null && row != rowNo) {
                if (row < rowNo) {
                    throw new RejectedFileException("第 " + row + " 行的单元格出现在第 " + rowNo + " 行之后，文件可能已损坏 (cells of row "
                            + row + " come after row " + rowNo + ": a damaged file?)");
                }
                pushedBack = r;
                return finishRow();
            }
            if (cells == null) {
                rowNo = row;
                cells = new HashMap<>();
            }
            readCell(cell);
        }
        return cells == null ? null : finishRow();
    }

    private SheetRow finishRow() {
        var row = new SheetRow(rowNo, cells);
        cells = null;
        return row;
    }

    private void readCell(CellValueRecordInterface cell) {
        int column = cell.getColumn() & 0xFFFF;
        checkColumn(rowNo, column);
        // a blank cell (formatted, no value) has no text
        if (cell instanceof LabelSSTRecord label) {
            put(column, sharedString(label.getSSTIndex()));
        } else if (cell instanceof LabelRecord label) {
            put(column, label.getValue());
        } else if (cell instanceof NumberRecord number) {
            put(column, number(number.getValue(), number));
        } else if (cell instanceof BoolErrRecord value) {
            put(column, value.isBoolean() ? CellText.bool(value.getBooleanValue()) : error(value.getErrorValue()));
        } else if (cell instanceof FormulaRecord formula) {
            switch (formula.getCachedResultTypeEnum()) {
                case NUMERIC -> put(column, number(formula.getValue(), formula));
                case BOOLEAN -> put(column, CellText.bool(formula.getCachedBooleanValue()));
                case ERROR -> put(column, error(formula.getCachedErrorValue()));
                default -> {
                    // text: in the STRING record that follows, unless it is empty
                    put(column, "");
                    if (formula.hasCachedResultString()) {
                        formulaRow = rowNo;
                        formulaColumn = column;
                    }
                }
            }
        }
    }

    private void put(int column, String value) {
        checkLength(rowNo, value.length());
        cells.put(column, value);
    }

    private String number(double value, CellValueRecordInterface cell) {
        int style = cell.getXFIndex() & 0xFFFF;
        if (style >= styleFormats.size()) {
            return cellText.number(value, 0, null);
        }
        int format = styleFormats.get(style);
        String formatString =
                format < BuiltinFormats.FIRST_USER_DEFINED_FORMAT_INDEX && !customFormats.containsKey(format)
                        ? BuiltinFormats.getBuiltinFormat(format)
                        : customFormats.get(format);
        return cellText.number(value, format, formatString);
    }

    private String sharedString(int index) {
        if (sharedStrings == null || index < 0 || index >= sharedStrings.length) {
            throw new RejectedFileException(
                    "第 " + rowNo + " 行引用了不存在的共享字符串 (row " + rowNo + " refers to a shared string that does not exist)");
        }
        return sharedStrings[index];
    }

    private static String error(int code) {
        return FormulaError.isValidCode(code) ? FormulaError.forInt(code).getString() : "#N/A";
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }

    private static RejectedFileException rejected(Throwable e, RejectedFileException otherwise) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RejectedFileException r) {
                return r;
            }
            if (t instanceof EncryptedDocumentException) {
                return encrypted();
            }
        }
        // POI's own messages may quote the file: never pass them on
        return otherwise;
    }

    private static RejectedFileException notXls() {
        return new RejectedFileException(
                "不是有效的 XLS 工作簿，可能已损坏或不完整 (not a readable Excel 97-2003 workbook, " + "damaged or truncated?)");
    }

    private static RejectedFileException encrypted() {
        return new RejectedFileException(
                "工作簿已加密，请另存为未加密的 .xlsx 或 .xls (an encrypted workbook; save it " + "unencrypted)");
    }

    private static RejectedFileException tooOld() {
        return new RejectedFileException("文件是 Excel 5.0/95 或更早的工作簿，请另存为 .xlsx 或 Excel 97-2003 .xls (a workbook "
                + "older than Excel 97; save it as .xlsx)");
    }

    /**
     * Counts the bytes each record takes from the workbook stream and fails a record beyond the cap: only the shared
     * strings, continued record after record, can grow that large, and they are held in memory.
     */
    private static final class RecordBudget extends FilterInputStream {

        private final long max;
        private long count;

        RecordBudget(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        void startRecord() {
            count = 0;
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

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            count += n;
            if (count > max) {
                String size = max >= 1 << 20 ? (max >> 20) + " MiB" : max + " bytes";
                throw new RejectedFileException(
                        "XLS 工作簿的共享字符串超过 " + size + " (the shared strings of the workbook " + "exceed " + size + ")");
            }
        }
    }
}
