package org.certhub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Builds workbooks as Excel or WPS users make them: text cells, numbers, real date cells (a serial number with a
 * date format), numbers shown through a number format, formulas, empty rows, extra sheets. Row n of {@link #row} is
 * where the next row goes; {@link #skipRow} leaves an empty row. The same workbook is written as XLSX
 * ({@link #bytes}) or as Excel 97–2003 {@code .xls} ({@link #xls}).
 */
public final class Xlsx {

    private final List<SheetRows> sheets = new ArrayList<>();

    private record SheetRows(String name, List<List<Object>> rows) {}

    /** A cell whose value (a number, a {@link LocalDate} or {@link LocalDateTime}) is shown through {@code format}. */
    public record Formatted(Object value, String format) {}

    /** A cell whose value is shown through one of Excel's built-in formats, named by its number only. */
    public record BuiltIn(Object value, int format) {}

    /** A formula cell; Excel keeps its last calculated value, which the writer computes here. */
    public record Formula(String formula) {}

    public static Xlsx workbook() {
        return new Xlsx();
    }

    /** A number, date or date-time shown through an Excel number format such as {@code 000000000} or {@code 0.00%}. */
    public static Formatted formatted(Object value, String format) {
        return new Formatted(value, format);
    }

    /** A value shown through built-in format {@code index}, such as 31, Chinese Excel's {@code yyyy"年"m"月"d"日"}. */
    public static BuiltIn builtIn(Object value, int index) {
        return new BuiltIn(value, index);
    }

    public static Formula formula(String formula) {
        return new Formula(formula);
    }

    /** Starts a new sheet; following rows go into it. */
    public Xlsx sheet(String name) {
        sheets.add(new SheetRows(name, new ArrayList<>()));
        return this;
    }

    /**
     * A row of cells: {@link String} as text, {@link Number} as a number, {@link LocalDate} as a date cell,
     * {@link Boolean} as a boolean, {@link Formatted}, {@link BuiltIn} and {@link Formula} as they say, null as no cell.
     */
    public Xlsx row(Object... cells) {
        current().rows().add(java.util.Arrays.asList(cells));
        return this;
    }

    /** An empty row (no cells). */
    public Xlsx skipRow() {
        current().rows().add(List.of());
        return this;
    }

    private SheetRows current() {
        if (sheets.isEmpty()) {
            sheet("Sheet1");
        }
        return sheets.get(sheets.size() - 1);
    }

    /** The workbook as XLSX (Excel 2007 and later). */
    public byte[] bytes() {
        return write(new XSSFWorkbook());
    }

    /** The workbook as Excel 97–2003 {@code .xls}, written by POI's HSSF. */
    public byte[] xls() {
        return write(new HSSFWorkbook());
    }

    private byte[] write(Workbook workbook) {
        try (var wb = workbook;
                var out = new ByteArrayOutputStream()) {
            var helper = wb.getCreationHelper();
            Map<String, CellStyle> styles = new HashMap<>();
            java.util.function.Function<String, CellStyle> style = format -> styles.computeIfAbsent(format, f -> {
                CellStyle s = wb.createCellStyle();
                s.setDataFormat(helper.createDataFormat().getFormat(f));
                return s;
            });
            java.util.function.IntFunction<CellStyle> builtIn = index -> styles.computeIfAbsent("#" + index, f -> {
                CellStyle s = wb.createCellStyle();
                s.setDataFormat((short) index);
                return s;
            });
            for (SheetRows s : sheets) {
                Sheet sheet = wb.createSheet(s.name());
                for (int r = 0; r < s.rows().size(); r++) {
                    List<Object> cells = s.rows().get(r);
                    if (cells.isEmpty()) {
                        continue;
                    }
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < cells.size(); c++) {
                        Object v = cells.get(c);
                        if (v == null) {
                            continue;
                        }
                        Cell cell = row.createCell(c);
                        if (v instanceof Formatted f) {
                            setValue(cell, f.value());
                            cell.setCellStyle(style.apply(f.format()));
                        } else if (v instanceof BuiltIn b) {
                            setValue(cell, b.value());
                            cell.setCellStyle(builtIn.apply(b.format()));
                        } else if (v instanceof Formula f) {
                            cell.setCellFormula(f.formula());
                        } else {
                            setValue(cell, v);
                            if (v instanceof LocalDate) {
                                cell.setCellStyle(style.apply("yyyy/m/d"));
                            }
                        }
                    }
                }
            }
            helper.createFormulaEvaluator().evaluateAll();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setValue(Cell cell, Object v) {
        if (v instanceof String text) {
            cell.setCellValue(text);
        } else if (v instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else if (v instanceof LocalDate d) {
            cell.setCellValue(d);
        } else if (v instanceof LocalDateTime t) {
            cell.setCellValue(t);
        } else if (v instanceof Boolean b) {
            cell.setCellValue(b);
        } else {
            throw new IllegalArgumentException("no cell for " + v.getClass());
        }
    }
}
