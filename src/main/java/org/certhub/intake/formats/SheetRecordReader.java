package org.certhub.intake.formats;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of one sheet of a workbook, whatever its file format: the first non-empty row must be the expected header
 * (empty cells after it are ignored), empty rows are skipped, row numbers are the sheet's own (from 1), and a cell
 * beyond the header's columns is kept under its position ({@code #12}) so that nothing read is lost. A format reads
 * its rows with {@link #readRow}; the cells' text follows {@link CellText}.
 */
abstract class SheetRecordReader extends LookAheadReader {

    /** Cells beyond this column refuse the file: no sheet of records is this wide. */
    static final int MAX_COLUMNS = 1024;
    /** Excel's own limit for the text of a cell. */
    static final int MAX_CELL_TEXT = 32_767;

    /** A row as the sheet holds it: its number (from 1) and its cells' text by zero-based column. */
    record SheetRow(int rowNo, Map<Integer, String> cells) {}

    private final List<String> header;

    SheetRecordReader(List<String> header) {
        this.header = header;
    }

    /** The next row of the sheet, empty or not, or null after the last one. */
    protected abstract SheetRow readRow();

    /** Reads the first non-empty row and refuses the sheet unless it is the expected header. */
    final void checkHeader() {
        RawRow first = next(true);
        if (first == null) {
            throw new RejectedFileException("工作表没有表头 (no header row)");
        }
        var actual = new ArrayList<>(first.values().values());
        while (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) {
            actual.remove(actual.size() - 1);
        }
        Headers.check(first.rowNo(), header, actual, "", "");
    }

    @Override
    public Charset charset() {
        return null;
    }

    @Override
    protected final RawRow readNext() {
        return next(false);
    }

    /** The next row that is not empty; for the header its cells by position, else by header column. */
    private RawRow next(boolean headerRow) {
        for (SheetRow row = readRow(); row != null; row = readRow()) {
            if (row.cells().values().stream().allMatch(String::isBlank)) {
                continue;
            }
            return new RawRow(row.rowNo(), headerRow ? byPosition(row.cells()) : byHeader(row.cells()));
        }
        return null;
    }

    private static Map<String, String> byPosition(Map<Integer, String> cells) {
        var values = new LinkedHashMap<String, String>();
        int last = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        for (int i = 0; i <= last; i++) {
            values.put("#" + (i + 1), cells.getOrDefault(i, ""));
        }
        return values;
    }

    private Map<String, String> byHeader(Map<Integer, String> cells) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < header.size(); i++) {
            values.put(header.get(i), cells.getOrDefault(i, ""));
        }
        // cells beyond the header are kept under their position so that nothing read is lost
        cells.forEach((column, value) -> {
            if (column >= header.size() && !value.isEmpty()) {
                values.put("#" + (column + 1), value);
            }
        });
        return values;
    }

    /** Refuses a cell beyond {@link #MAX_COLUMNS}, before its text is read. */
    static void checkColumn(int rowNo, int column) {
        if (column >= MAX_COLUMNS) {
            throw new RejectedFileException("第 " + rowNo + " 行有超过 " + MAX_COLUMNS + " 列的单元格 (row " + rowNo
                    + " has a cell beyond column " + MAX_COLUMNS + ")");
        }
    }

    /** Refuses a cell whose text is longer than Excel allows. */
    static void checkLength(int rowNo, int length) {
        if (length > MAX_CELL_TEXT) {
            throw new RejectedFileException("第 " + rowNo + " 行有单元格超过 " + MAX_CELL_TEXT + " 个字符 (a cell in row " + rowNo
                    + " is longer than Excel allows)");
        }
    }
}
