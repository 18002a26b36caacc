package org.certhub.intake.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.certhub.mapping.SourceMapping;

/** Opens the reader a source's format needs, for a dropped file or for a message or request body. */
public final class RecordReaders {

    private RecordReaders() {}

    public static RecordReader open(Path file, SourceMapping.Format format) throws IOException {
        return open(file, format, CsvRowReader.DEFAULT_MAX_ROW_CHARS);
    }

    /** @param maxRowChars for CSV: the longest row, in characters, before the file is refused */
    public static RecordReader open(Path file, SourceMapping.Format format, int maxRowChars) throws IOException {
        if (Files.size(file) == 0) {
            throw new RejectedFileException("文件为空 (empty file)");
        }
        if ("csv".equals(format.kind())) {
            return CsvRowReader.open(file, Charset.forName(format.encoding()), format.header(), maxRowChars);
        }
        if ("xlsx".equals(format.kind())) {
            return Workbooks.open(file, format.header(), format.sheet());
        }
        return open(Files.newInputStream(file), format, null);
    }

    /**
     * @param charset for CSV: the character set the sender declared (a request's {@code Content-Type}), or null for
     *                the mapping's; JSON is always UTF-8 and XML declares its own
     */
    public static RecordReader open(InputStream in, SourceMapping.Format format, Charset charset) throws IOException {
        return switch (format.kind()) {
            case "csv" ->
                CsvRowReader.open(in, charset != null ? charset : Charset.forName(format.encoding()), format.header());
            case "xlsx" -> Workbooks.open(in, format.header(), format.sheet());
            case "json" -> JsonRecordReader.open(in);
            // database rows arrive one by one from a poller; as a file (samples, dry runs) they are JSON objects
            case "row" -> JsonRecordReader.open(in);
            case "xml" -> XmlRecordReader.open(in, format.record());
            default -> {
                in.close();
                throw new RejectedFileException("不支持的格式 " + format.kind() + " (unsupported format)");
            }
        };
    }
}
