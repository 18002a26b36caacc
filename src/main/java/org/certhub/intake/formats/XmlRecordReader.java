package org.certhub.intake.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML records: every element named as the mapping's {@code format.record} is one record, flattened to paths
 * relative to it: {@code holder/name}, attributes as {@code @id} or {@code holder/@type}, a repeated element as
 * {@code specialty}, {@code specialty[2]}, {@code specialty[3]}. DTDs and external entities are refused outright,
 * which stops XXE and entity-expansion bombs before they start.
 */
public final class XmlRecordReader extends LookAheadReader {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 1 << 20;

    private final XMLStreamReader xml;
    private final InputStream in;
    private final String recordElement;
    private int index;

    private XmlRecordReader(XMLStreamReader xml, InputStream in, String recordElement) {
        this.xml = xml;
        this.in = in;
        this.recordElement = recordElement;
    }

    public static XmlRecordReader open(InputStream in, String recordElement) throws IOException {
        try {
            return new XmlRecordReader(FACTORY.createXMLStreamReader(in), in, recordElement);
        } catch (XMLStreamException e) {
            in.close();
            throw new RejectedFileException("XML 无法解析" + where(e) + " (cannot parse XML" + whereEn(e) + ")");
        }
    }

    @Override
    public Charset charset() {
        String encoding = xml.getEncoding() != null ? xml.getEncoding() : xml.getCharacterEncodingScheme();
        return encoding == null ? null : Charset.forName(encoding);
    }

    @Override
    protected RawRow readNext() {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new RejectedFileException("XML 含有 DTD，出于安全原因不予接受 (a DTD is not accepted: it could "
                            + "carry external or expanding entities)");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw entityReference();
                }
                if (event == XMLStreamConstants.START_ELEMENT
                        && xml.getLocalName().equals(recordElement)) {
                    Map<String, String> values = readRecord();
                    return new RawRow(++index, values);
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw new RejectedFileException("第 " + (index + 1) + " 条记录附近 XML 无法解析" + where(e)
                    + " (cannot parse XML near record " + (index + 1) + whereEn(e) + ")");
        }
    }

    private RejectedFileException entityReference() {
        int line = xml.getLocation().getLineNumber();
        return new RejectedFileException(
                "XML 第 " + line + " 行含有实体引用，不予接受 (an entity reference in line " + line + " is not accepted)");
    }

    // the parser's messages quote names from the document (the first line of a file that is no XML): only the place
    private static String where(XMLStreamException e) {
        var at = e.getLocation();
        return at == null || at.getLineNumber() < 1
                ? ""
                : "（第 " + at.getLineNumber() + " 行第 " + at.getColumnNumber() + " 列）";
    }

    private static String whereEn(XMLStreamException e) {
        var at = e.getLocation();
        return at == null || at.getLineNumber() < 1
                ? ""
                : ", line " + at.getLineNumber() + ", column " + at.getColumnNumber();
    }

    /** Reads the record element the reader stands on, up to its end tag. */
    private Map<String, String> readRecord() throws XMLStreamException {
        var values = new LinkedHashMap<String, String>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Map<String, Integer>> seen = new ArrayDeque<>();
        Deque<StringBuilder> text = new ArrayDeque<>();
        attributes("", values);
        seen.push(new HashMap<>());
        text.push(new StringBuilder());
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > MAX_DEPTH) {
                        throw new RejectedFileException(
                                "XML 嵌套超过 " + MAX_DEPTH + " 层 (nested deeper than " + MAX_DEPTH + " levels)");
                    }
                    String name = xml.getLocalName();
                    int n = seen.peek().merge(name, 1, Integer::sum);
                    String step = n == 1 ? name : name + "[" + n + "]";
                    String full = path.isEmpty() ? step : path.peek() + "/" + step;
                    path.push(full);
                    seen.push(new HashMap<>());
                    text.push(new StringBuilder());
                    attributes(full + "/", values);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    StringBuilder sb = text.peek();
                    if (sb.length() + xml.getTextLength() > MAX_TEXT) {
                        throw new RejectedFileException("XML 文本超过 1 MiB (a text node is longer than 1 MiB)");
                    }
                    sb.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw entityReference();
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    Map<String, Integer> children = seen.pop();
                    String content = text.pop().toString();
                    if (depth > 0) {
                        String full = path.pop();
                        // a leaf keeps its text, even empty; white space between child elements is not a value
                        if (children.isEmpty() || !content.isBlank()) {
                            values.put(full, content);
                        }
                    }
                }
                default -> {
                    // comments and processing instructions carry no data
                }
            }
        }
        return values;
    }

    private void attributes(String prefix, Map<String, String> values) {
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            values.put(prefix + "@" + xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // closing what was read
        } finally {
            in.close();
        }
    }
}
