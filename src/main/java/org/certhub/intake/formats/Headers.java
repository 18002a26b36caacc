package org.certhub.intake.formats;

import java.util.List;

/**
 * The check of a file's header row. Its error names the expected header and where the row departs from it, and never
 * quotes what the row holds: the first row of a file the hub was not meant to read (a data row, another system's
 * file, a linked secret) must not end up in an error text, a log or the database.
 */
final class Headers {

    private Headers() {}

    /**
     * @param hintCn a clause appended to the Chinese sentence, such as a hint about the encoding; empty for none
     * @param hintEn the same clause in English
     * @throws RejectedFileException unless {@code actual} is exactly {@code expected}
     */
    static void check(int rowNo, List<String> expected, List<String> actual, String hintCn, String hintEn) {
        if (actual.equals(expected)) {
            return;
        }
        int column = 0;
        while (column < expected.size()
                && column < actual.size()
                && expected.get(column).equals(actual.get(column))) {
            column++;
        }
        int no = column + 1;
        boolean missing = column < expected.size();
        String whereCn = missing ? "第 " + no + " 列应为“" + expected.get(column) + "”" : "第 " + no + " 列起不应有内容";
        String whereEn = missing
                ? "column " + no + " should be " + expected.get(column)
                : "nothing is expected from column " + no + " on";
        throw new RejectedFileException("表头与映射不符：第 " + rowNo + " 行应为 " + expected + "，" + whereCn + hintCn
                + " (the header does not match the mapping: row " + rowNo + " should be " + expected + "; " + whereEn
                + hintEn + ")");
    }
}
