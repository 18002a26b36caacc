package org.certhub.intake.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON records: a top-level array of objects, or objects one after another (NDJSON, one per line). Each object
 * is flattened to paths: {@code holder.name}, {@code specialties[0].code}; null values are left out. Input is
 * streamed; nesting deeper than {@value #MAX_DEPTH} levels, or a string longer than the limit, stops the read
 * with a clear error instead of exhausting the hub.
 */
public final class JsonRecordReader extends LookAheadReader {

    static final int MAX_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(100)
                    .maxNameLength(1000)
                    .build())
            .build();

    private final JsonParser parser;
    private final boolean array;
    private int index;

    private JsonRecordReader(JsonParser parser, boolean array) {
        this.parser = parser;
        this.array = array;
    }

    /** JSON is UTF-8 (RFC 8259); a byte-order mark is skipped. */
    public static JsonRecordReader open(InputStream in) throws IOException {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), in);
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new RejectedFileException("内容为空 (empty JSON input)");
            }
            if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
                throw new RejectedFileException(
                        "JSON 应为对象数组或每行一个对象 (expected an array of objects or NDJSON), 实为 " + first);
            }
            return new JsonRecordReader(parser, first == JsonToken.START_ARRAY);
        } catch (JacksonException e) {
            parser.close();
            throw new RejectedFileException("JSON 无法解析" + where(e) + " (cannot parse JSON" + whereEn(e) + ")");
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    @Override
    public Charset charset() {
        return StandardCharsets.UTF_8;
    }

    @Override
    protected RawRow readNext() {
        try {
            JsonToken t = index == 0 && !array ? parser.currentToken() : parser.nextToken();
            if (array && index == 0 && t == JsonToken.START_ARRAY) {
                t = parser.nextToken();
            }
            if (t == null || (array && t == JsonToken.END_ARRAY)) {
                if (array && parser.nextToken() != null) {
                    throw new RejectedFileException("JSON 数组之后还有内容 (content after the array)");
                }
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                throw new RejectedFileException("第 " + (index + 1) + " 条记录不是 JSON 对象 (record " + (index + 1)
                        + " is not an object but " + t + ")");
            }
            var values = new LinkedHashMap<String, String>();
            readObject("", values);
            return new RawRow(++index, values);
        } catch (StreamConstraintsException e) {
            throw new RejectedFileException("第 " + (index + 1) + " 条记录超出限制 (record " + (index + 1)
                    + " exceeds a limit): " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new RejectedFileException("第 " + (index + 1) + " 条记录附近 JSON 无法解析" + where(e)
                    + " (cannot parse JSON near record " + (index + 1) + whereEn(e) + ")");
        }
    }

    // Jackson's messages quote the token it stumbled on (the first word of a file that is no JSON): only the place
    private static String where(JacksonException e) {
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : "（第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列）";
    }

    private static String whereEn(JacksonException e) {
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private void readObject(String prefix, Map<String, String> values) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            readValue(prefix.isEmpty() ? name : prefix + "." + name, values);
        }
    }

    private void readValue(String path, Map<String, String> values) {
        JsonToken t = parser.nextToken();
        switch (t) {
            case START_OBJECT -> readObject(path, values);
            case START_ARRAY -> {
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String item = path + "[" + i++ + "]";
                    switch (parser.currentToken()) {
                        case START_OBJECT -> readObject(item, values);
                        case START_ARRAY ->
                            throw new RejectedFileException("第 " + (index + 1) + " 条记录有数组嵌套数组，不予支持 (record "
                                    + (index + 1) + " nests an array in an array, which is not supported)");
                        case VALUE_NULL -> {}
                        default -> values.put(item, parser.getString());
                    }
                }
            }
            case VALUE_NULL -> {}
            default -> values.put(path, parser.getString());
        }
    }

    @Override
    public void close() {
        parser.close();
    }
}
