package org.certhub.rendering;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * What makes a certificate PDF/A-2b (ISO 19005-2, level B) besides its embedded fonts: an sRGB output intent, and an
 * XMP metadata stream that claims the conformance and carries the title and the GB/T 36903 metadata, the latter
 * described by a PDF/A extension schema so that validators know their type.
 *
 * <p>The document information dictionary keeps the same values (archives and the hub's upload check read it), and
 * every value written to one is written to the other, as ISO 19005-2 asks of equivalent entries. The file stays
 * byte-for-byte reproducible: no creation date, no random document id.
 */
final class PdfA {

    /** Namespace of the GB/T 36903 elements in XMP; the standard names none, so the hub's own. */
    static final String METADATA_NAMESPACE = "http://certhub.org/ns/gbt36903/1.0/";

    static final String METADATA_PREFIX = "gbt36903";

    private static final String CREATOR = "certhub";

    /** The element names of GB/T 36903 that the hub embeds, with their Chinese names for the extension schema. */
    private static final Map<String, String> ELEMENTS = Map.ofEntries(
            Map.entry("ZZMC", "证照名称"),
            Map.entry("ZZLXDM", "证照类型代码"),
            Map.entry("ZZBH", "证照编号"),
            Map.entry("ZZBS", "证照标识"),
            Map.entry("ZZBFJG", "证照颁发机构"),
            Map.entry("ZZBFJGDM", "证照颁发机构代码"),
            Map.entry("ZZBFRQ", "证照颁发日期"),
            Map.entry("CZZT", "持证主体"),
            Map.entry("CZZTDM", "持证主体代码"),
            Map.entry("CZZTDMLXDM", "持证主体代码类型代码"),
            Map.entry("ZZYXQQSRQ", "证照有效期起始日期"),
            Map.entry("ZZYXQJZRQ", "证照有效期截止日期"));

    /** An XMP property name is an XML name; the keys come from the hub's code, never from upstream data. */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** XML 1.0 cannot carry these at all, not even escaped. */
    private static final Pattern NOT_XML =
            Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

    /** sRGB IEC 61966-2.1 as the JDK ships it (an ICC v2 display profile, 3 KB). */
    private static final byte[] SRGB =
            ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private PdfA() {}

    /** Writes the output intent, the XMP metadata and the matching document information. */
    static void apply(PDDocument document, String title, Map<String, String> metadata) throws IOException {
        PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(SRGB));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        document.getDocumentCatalog().addOutputIntent(intent);

        PDMetadata xmp = new PDMetadata(document);
        xmp.importXMPMetadata(xmp(title, metadata).getBytes(StandardCharsets.UTF_8));
        document.getDocumentCatalog().setMetadata(xmp);

        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(text(title));
        info.setCreator(CREATOR);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getValue() != null) {
                info.setCustomMetadataValue(entry.getKey(), text(entry.getValue()));
            }
        }
    }

    static String xmp(String title, Map<String, String> metadata) {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
                .append("<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">")
                .append("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n")
                .append("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">")
                .append("<dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">")
                .append(escape(title))
                .append("</rdf:li></rdf:Alt></dc:title></rdf:Description>\n")
                .append("<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">")
                .append("<xmp:CreatorTool>")
                .append(CREATOR)
                .append("</xmp:CreatorTool></rdf:Description>\n");
        x.append("<rdf:Description rdf:about=\"\" xmlns:")
                .append(METADATA_PREFIX)
                .append("=\"")
                .append(METADATA_NAMESPACE)
                .append("\">");
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (!PROPERTY_NAME.matcher(entry.getKey()).matches()) {
                throw new IllegalArgumentException("Not a metadata element name: " + entry.getKey());
            }
            if (entry.getValue() != null) {
                x.append('<')
                        .append(METADATA_PREFIX)
                        .append(':')
                        .append(entry.getKey())
                        .append('>');
                x.append(escape(entry.getValue()));
                x.append("</")
                        .append(METADATA_PREFIX)
                        .append(':')
                        .append(entry.getKey())
                        .append('>');
            }
        }
        x.append("</rdf:Description>\n");
        // PDF/A lets a file use a schema that is not in XMP's own list only if the file describes it
        x.append("<rdf:Description rdf:about=\"\"")
                .append(" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"")
                .append(" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"")
                .append(" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">")
                .append("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">")
                .append("<pdfaSchema:schema>GB/T 36903 电子证照 元数据规范</pdfaSchema:schema>")
                .append("<pdfaSchema:namespaceURI>")
                .append(METADATA_NAMESPACE)
                .append("</pdfaSchema:namespaceURI><pdfaSchema:prefix>")
                .append(METADATA_PREFIX)
                .append("</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>");
        for (String name : metadata.keySet()) {
            x.append("<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>")
                    .append(name)
                    .append("</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>")
                    .append("<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>")
                    .append(escape(ELEMENTS.getOrDefault(name, name)))
                    .append("</pdfaProperty:description></rdf:li>");
        }
        x.append("</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>\n")
                .append("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return x.toString();
    }

    /** A value as the metadata carries it: without the characters XML cannot hold, so both copies stay equal. */
    private static String text(String value) {
        return NOT_XML.matcher(value).replaceAll("\uFFFD");
    }

    private static String escape(String value) {
        String text = text(value);
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                // a carriage return would come back as a line feed from an XML parser
                case '\r' -> escaped.append("&#13;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
