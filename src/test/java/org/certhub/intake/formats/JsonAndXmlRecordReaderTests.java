package org.certhub.intake.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile and damaged JSON and XML: each is refused with a sentence that says why, after the records before it. */
class JsonAndXmlRecordReaderTests {

    private static List<RawRow> json(String text, List<RawRow> rows) throws IOException {
        try (var reader = JsonRecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static List<RawRow> xml(String text, List<RawRow> rows) throws IOException {
        try (var reader =
                XmlRecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "record")) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void jsonRecordsAreFlattenedToPaths() throws IOException {
        var rows = json("[{\"holder\":{\"name\":\"张三\"},\"specialties\":[{\"code\":\"01\"}]}]", new ArrayList<>());
        assertThat(rows.get(0).values()).containsEntry("holder.name", "张三").containsEntry("specialties[0].code", "01");
    }

    @Test
    void jsonNested10000DeepIsRefusedWithoutExhaustingTheStack() {
        String deep = "[" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "]";
        assertThatThrownBy(() -> json(deep, new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("超出限制")
                .hasMessageContaining("depth");
    }

    @Test
    void jsonCutOffFailsAfterTheRecordsBeforeIt() {
        var rows = new ArrayList<RawRow>();
        assertThatThrownBy(() -> json("[{\"a\":\"1\"},{\"a\":\"2\"},{\"a\":\"3", rows))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 3 条记录附近");
        assertThat(rows).hasSize(2);
    }

    @Test
    void ndjsonIsReadOneObjectPerLine() throws IOException {
        assertThat(json("{\"a\":\"1\"}\n{\"a\":\"2\"}\n", new ArrayList<>()))
                .extracting(RawRow::rowNo)
                .containsExactly(1, 2);
    }

    @Test
    void jsonThatCannotBeParsedIsRefusedByItsPlaceWithoutQuotingIt() {
        assertThatThrownBy(() -> json("keystore.password=Zq9-hunter2\n", new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("JSON 无法解析（第 1 行第 1 列）")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("keystore");
        assertThatThrownBy(() -> json("[{\"a\":\"1\"},\n{\"b\": hunter2}]", new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 2 条记录附近 JSON 无法解析（第 2 行")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void xmlThatCannotBeParsedIsRefusedByItsPlaceWithoutQuotingIt() {
        assertThatThrownBy(() -> xml("<password-Zq9-hunter2></records>", new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("XML 无法解析（第 1 行")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(
                        () -> xml("<records><record><a>1</a></record>\n<record><hunter2></record>", new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 2 条记录附近 XML 无法解析（第 2 行")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void xmlEntityExpansionBombIsRefused() {
        String lol = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <records><record><name>&lol9;</name></record></records>
                """;
        assertThatThrownBy(() -> xml(lol, new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("DTD");
    }

    @Test
    void xmlExternalEntitiesAreNeverResolved() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE records [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <records><record><name>&xxe;</name></record></records>
                """;
        assertThatThrownBy(() -> xml(xxe, new ArrayList<>()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("DTD")
                .hasMessageNotContaining("root:");
    }

    @Test
    void xmlCutOffFailsAfterTheRecordsBeforeIt() {
        var rows = new ArrayList<RawRow>();
        assertThatThrownBy(() -> xml("<records><record><a>1</a></record><record><a>2</a></record><record><a>3", rows))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("第 3 条记录附近");
        assertThat(rows).hasSize(2);
    }
}
