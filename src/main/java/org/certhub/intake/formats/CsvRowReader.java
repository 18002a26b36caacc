package org.certhub.intake.formats;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file as a stream of rows. The encoding is UTF-8 when the file starts with a byte-order mark and the
 * source's declared encoding otherwise. Bytes that are not valid in it become U+FFFD, which normalization rejects
 * with the column they are in, so one damaged row does not cost the rest of the file. The first row must be the
 * expected header, exactly. A row longer than the cap ({@link #DEFAULT_MAX_ROW_CHARS} characters unless set) stops the
 * read with an error that names it, before it can fill the memory.
 */
public final class CsvRowReader implements RecordReader {

    /** The longest row read by default: 1 MiB of characters, far beyond any real row. */
    static final int DEFAULT_MAX_ROW_CHARS = 1 << 20;

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final Charset charset;

    private CsvRowReader(CSVParser parser, List<String> header, Charset charset) {
        this.parser = parser;
        this.records = parser.iterator();
        this.header = header;
        this.charset = charset;
    }

    public static CsvRowReader open(Path file, Charset declared, List<String> expectedHeader) throws IOException {
        return open(file, declared, expectedHeader, DEFAULT_MAX_ROW_CHARS);
    }

    public static CsvRowReader open(Path file, Charset declared, List<String> expectedHeader, int maxRowChars)
            throws IOException {
        if (Files.size(file) == 0) {
            throw new RejectedFileException("文件为空 (empty file)");
        }
        return open(Files.newInputStream(file), declared, expectedHeader, maxRowChars);
    }

    /** Reads CSV text from a stream, which it closes; a byte-order mark switches to UTF-8 as for files. */
    public static CsvRowReader open(InputStream input, Charset declared, List<String> expectedHeader)
            throws IOException {
        return open(input, declared, expectedHeader, DEFAULT_MAX_ROW_CHARS);
    }

    public static CsvRowReader open(InputStream input, Charset declared, List<String> expectedHeader, int maxRowChars)
            throws IOException {
        InputStream in = new BufferedInputStream(input, 1 << 16);
        try {
            Charset charset = declared;
            in.mark(4);
            byte[] start = in.readNBytes(3);
            if (start.length == 3 && start[0] == UTF8_BOM[0] && start[1] == UTF8_BOM[1] && start[2] == UTF8_BOM[2]) {
                charset = StandardCharsets.UTF_8;
            } else if (start.length >= 2
                    && ((start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)
                            || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF))) {
                in.close();
                throw new RejectedFileException(
                        "文件为 UTF-16 编码，请使用 " + declared.name() + " 或带 BOM 的 UTF-8 (UTF-16 is not accepted)");
            } else {
                in.reset();
            }
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            var parser = FORMAT.parse(new RowLengthCap(new InputStreamReader(in, decoder), maxRowChars, FORMAT));
            var reader = new CsvRowReader(parser, expectedHeader, charset);
            reader.checkHeader();
            return reader;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private void checkHeader() {
        if (!hasNext()) {
            throw new RejectedFileException("文件没有表头 (no header row)");
        }
        CSVRecord first = nextRecord();
        boolean utf8 = charset.equals(StandardCharsets.UTF_8);
        Headers.check(
                Math.toIntExact(first.getRecordNumber()),
                header,
                first.toList(),
                utf8 ? "" : "；按 " + charset.name() + " 读取，若文件为 UTF-8 编码，须以 BOM 开头",
                utf8 ? "" : "; read as " + charset.name() + ", a UTF-8 file must start with a byte-order mark");
    }

    @Override
    public Charset charset() {
        return charset;
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public RawRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record = nextRecord();
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < record.size(); i++) {
            // Columns beyond the header are kept under their position so that nothing read is lost.
            values.put(i < header.size() ? header.get(i) : "#" + (i + 1), record.get(i));
        }
        return new RawRow(Math.toIntExact(record.getRecordNumber()), values);
    }

    private CSVRecord nextRecord() {
        try {
            return records.next();
        } catch (UncheckedIOException e) {
            throw unreadable(e);
        }
    }

    /** The reason a row could not be read, in the hub's words: the parser's own quote neither file content nor paths. */
    private RejectedFileException unreadable(UncheckedIOException e) {
        long row = parser.getRecordNumber() + 1;
        if (e.getCause() instanceof RowLengthCap.RowTooLong tooLong) {
            return new RejectedFileException("第 " + row + " 行超过 " + tooLong.max + " 个字符，文件可能已损坏 (row " + row
                    + " is longer than " + tooLong.max + " characters: a damaged file or a missing line break?)");
        }
        String detail =
                String.valueOf(e.getCause() == null ? null : e.getCause().getMessage());
        if (e.getCause() instanceof CSVException && detail.contains("EOF reached")) {
            return new RejectedFileException("第 " + row + " 行附近引号未闭合，文件在引号内结束 (a quoted field near row " + row
                    + " is not closed before the end of the file)");
        }
        if (e.getCause() instanceof CSVException) {
            return new RejectedFileException("第 " + row + " 行附近的引号字段后、分隔符前有多余字符 (near row " + row
                    + ", a quoted field is followed by text before the next comma)");
        }
        return new RejectedFileException("第 " + row + " 行附近无法按 " + charset.name() + " 读取 (cannot be read as "
                + charset.name() + " near row " + row + ")");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Counts the characters of the row being read and fails once it is longer than the cap, so that a file without
     * line breaks is refused instead of read whole into memory. It tells rows apart exactly as the parser does (a
     * line break inside a quoted field belongs to the field): a quote opens a quoted field only as the first character
     * of a field, so a stray quote inside an unquoted field ({@code 某某"建设有限公司}) is text, and in a quoted field
     * two quotes are one. A lone carriage return ends a row too.
     */
    static final class RowLengthCap extends FilterReader {

        private enum State {
            FIELD_START,
            UNQUOTED,
            QUOTED,
            /** a quote inside a quoted field: the field's end, or the first of two quotes that stand for one */
            QUOTE_IN_QUOTED,
            /** after the closing quote, where the parser allows white space before the delimiter */
            AFTER_QUOTED
        }

        private final int max;
        private final char delimiter;
        private final char quote;
        private State state = State.FIELD_START;
        private int length;
        private boolean tooLong;

        /** Counts as {@code format} parses; a format whose rules it does not follow is refused. */
        RowLengthCap(Reader in, int max, CSVFormat format) {
            super(in);
            if (format.getDelimiterString().length() != 1
                    || format.getQuoteCharacter() == null
                    || format.getEscapeCharacter() != null
                    || format.getCommentMarker() != null
                    || format.getIgnoreSurroundingSpaces()
                    || format.getTrailingData()
                    || format.getLenientEof()) {
                throw new IllegalArgumentException("the row-length cap does not follow the rules of " + format);
            }
            this.max = max;
            this.delimiter = format.getDelimiterString().charAt(0);
            this.quote = format.getQuoteCharacter();
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        /**
         * Hands over the characters up to where a row grows too long, and fails on the next call: by then the parser
         * has returned every row before the long one, so the error is raised at the long row.
         */
        @Override
        public int read(char[] buffer, int offset, int count) throws IOException {
            if (tooLong) {
                throw new RowTooLong(max);
            }
            int n = super.read(buffer, offset, count);
            for (int i = offset; i < offset + n; i++) {
                if (endsRow(buffer[i])) {
                    length = 0;
                } else if (++length > max) {
                    tooLong = true;
                    if (i == offset) {
                        throw new RowTooLong(max);
                    }
                    return i - offset;
                }
            }
            return n;
        }

        /** Moves the state on by one character; whether it ends the row (CR LF ends it twice, which is harmless). */
        private boolean endsRow(char c) {
            boolean lineBreak = c == '\n' || c == '\r';
            switch (state) {
                case FIELD_START, UNQUOTED -> {
                    if (lineBreak || c == delimiter) {
                        state = State.FIELD_START;
                        return lineBreak;
                    }
                    if (c == quote && state == State.FIELD_START) {
                        state = State.QUOTED;
                    } else {
                        state = State.UNQUOTED;
                    }
                    return false;
                }
                case QUOTED -> {
                    if (c == quote) {
                        state = State.QUOTE_IN_QUOTED;
                    }
                    return false;
                }
                case QUOTE_IN_QUOTED, AFTER_QUOTED -> {
                    if (lineBreak || c == delimiter) {
                        state = State.FIELD_START;
                        return lineBreak;
                    }
                    if (c == quote && state == State.QUOTE_IN_QUOTED) {
                        state = State.QUOTED;
                    } else if (Character.isWhitespace(c)) {
                        state = State.AFTER_QUOTED;
                    } else {
                        // the parser refuses text after a closing quote: the read ends there anyway
                        state = State.UNQUOTED;
                    }
                    return false;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }

        static final class RowTooLong extends IOException {
            final int max;

            RowTooLong(int max) {
                super("row longer than " + max + " characters");
                this.max = max;
            }
        }
    }
}
