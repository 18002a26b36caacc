package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.intake.formats.JsonRecordReader;
import org.certhub.intake.formats.RawRow;
import org.certhub.intake.formats.RecordReader;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.intake.formats.XmlRecordReader;
import org.junit.jupiter.api.Test;

/** JSON and XML records become flat path → text maps that mappings address with {@code from}. */
class RecordFlatteningTests {

    @Test
    void jsonArrayObjectsBecomePathsWithArrayIndexes() throws IOException {
        var rows = readAll(JsonRecordReader.open(in("""
                [ {"name": "张三", "holder": {"id": "X1", "age": 40, "active": true, "note": null},
                   "specialties": [{"code": "01", "validTo": "2029-05-31"}, {"code": "02"}], "tags": ["a", "b"]},
                  {"name": "李四"} ]""")));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).rowNo()).isEqualTo(1);
        assertThat(rows.get(0).values())
                .containsExactly(
                        Map.entry("name", "张三"),
                        Map.entry("holder.id", "X1"),
                        Map.entry("holder.age", "40"),
                        Map.entry("holder.active", "true"),
                        Map.entry("specialties[0].code", "01"),
                        Map.entry("specialties[0].validTo", "2029-05-31"),
                        Map.entry("specialties[1].code", "02"),
                        Map.entry("tags[0]", "a"),
                        Map.entry("tags[1]", "b"));
        assertThat(rows.get(1).rowNo()).isEqualTo(2);
    }

    @Test
    void ndjsonIsReadObjectByObject() throws IOException {
        var rows = readAll(JsonRecordReader.open(in("{\"a\": \"1\"}\n{\"a\": \"2\"}\n\n{\"a\": \"3\"}\n")));
        assertThat(rows).extracting(r -> r.values().get("a")).containsExactly("1", "2", "3");
    }

    @Test
    void jsonThatIsNotObjectsOrIsCutOffSaysWhere() throws IOException {
        assertThatThrownBy(() -> JsonRecordReader.open(in("\"text\"")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("expected an array of objects");
        var reader = JsonRecordReader.open(in("[{\"a\": \"1\"}, {\"a\": \"2\""));
        assertThat(reader.next().values()).containsEntry("a", "1");
        assertThatThrownBy(reader::hasNext)
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("record 2");
    }

    @Test
    void jsonNestedTooDeepIsRefusedBeforeItCostsMemory() {
        String deep = "[" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "]";
        assertThatThrownBy(() -> readAll(JsonRecordReader.open(in(deep))))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("exceeds a limit");
    }

    @Test
    void xmlRecordElementsBecomePathsBelowThem() throws IOException {
        var rows = readAll(XmlRecordReader.open(in("""
                <?xml version="1.0" encoding="UTF-8"?>
                <applications batch="7">
                  <application id="A-1">
                    <holder type="111"><name>张三</name><idNumber>X1</idNumber></holder>
                    <item><code>01</code></item>
                    <item><code>02</code></item>
                    <remark></remark>
                    <note><![CDATA[a < b]]></note>
                  </application>
                  <application id="A-2"><holder><name>李四</name></holder></application>
                </applications>"""), "application"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values())
                .containsExactly(
                        Map.entry("@id", "A-1"),
                        Map.entry("holder/@type", "111"),
                        Map.entry("holder/name", "张三"),
                        Map.entry("holder/idNumber", "X1"),
                        Map.entry("item/code", "01"),
                        Map.entry("item[2]/code", "02"),
                        Map.entry("remark", ""),
                        Map.entry("note", "a < b"));
        assertThat(rows.get(1).values()).containsEntry("holder/name", "李四");
    }

    @Test
    void xmlWithADoctypeIsRefusedSoNeitherXxeNorEntityBombsCanWork() throws IOException {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <r><application><name>&x;</name></application></r>""";
        assertThatThrownBy(() -> readAll(XmlRecordReader.open(in(xxe), "application")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageNotContaining("root:");
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <r><application><name>&lol3;</name></application></r>""";
        assertThatThrownBy(() -> readAll(XmlRecordReader.open(in(bomb), "application")))
                .isInstanceOf(RejectedFileException.class);
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<RawRow> readAll(RecordReader reader) throws IOException {
        try (reader) {
            var rows = new ArrayList<RawRow>();
            reader.forEachRemaining(rows::add);
            return rows;
        }
    }
}
