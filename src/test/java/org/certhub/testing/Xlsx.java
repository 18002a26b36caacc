package org.certhub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Builds XLSX workbooks as Excel or WPS users make them: text cells, numbers, real date cells (a serial number with a
 * date format), empty rows, extra sheets. Row n of {@link #row} is where the next row goes; {@link #skipRow} leaves
 * an empty row.
 */
public final class Xlsx {

    private final List<Sheet> sheets = new ArrayList<>();

    private record Sheet(String name, List<List<Object>> rows) {}

    public static Xlsx workbook() {
        return new Xlsx();
    }

    /** Starts a new sheet; following rows go into it. */
    public Xlsx sheet(String name) {
        sheets.add(new Sheet(name, new ArrayList<>()));
        return this;
    }

    /** A row of cells: {@link String} as text, {@link Number} as a number, {@link LocalDate} as a date cell, null as no cell. */
    public Xlsx row(Object... cells) {
        current().rows().add(java.util.Arrays.asList(cells));
        return this;
    }

    /** An empty row (no cells). */
    public Xlsx skipRow() {
        current().rows().add(List.of());
        return this;
    }

    private Sheet current() {
        if (sheets.isEmpty()) {
            sheet("Sheet1");
        }
        return sheets.get(sheets.size() - 1);
    }

    public byte[] bytes() {
        try (var wb = new XSSFWorkbook();
                var out = new ByteArrayOutputStream()) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
            for (Sheet s : sheets) {
                XSSFSheet sheet = wb.createSheet(s.name());
                for (int r = 0; r < s.rows().size(); r++) {
                    List<Object> cells = s.rows().get(r);
                    if (cells.isEmpty()) {
                        continue;
                    }
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < cells.size(); c++) {
                        Object v = cells.get(c);
                        if (v instanceof String text) {
                            row.createCell(c).setCellValue(text);
                        } else if (v instanceof Number n) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        } else if (v instanceof LocalDate d) {
                            var cell = row.createCell(c);
                            cell.setCellValue(d);
                            cell.setCellStyle(date);
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
