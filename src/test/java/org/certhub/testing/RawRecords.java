package org.certhub.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Raw records as the sources send them, valid unless a test says otherwise: a row of the exam system's CSV (a new
 * safety-management certificate), a decision of the enforcement system (suspend, revoke, ...) and a request of a city
 * bureau (renew, change). Store them with {@link InMemoryHub#receive(Row...)}.
 */
public final class RawRecords {

    /** The exam system's columns, in the file's order. */
    private static final String[] EXAM_SYSTEM_COLUMNS = ExamSystemCsv.HEADER.split(",");

    private static final String[] CITY_BUREAU_COLUMNS = {
        "序号", "申请编号", "业务类型", "证书编号", "姓名", "身份证号码", "企业名称", "企业统一社会信用代码", "职务", "受理日期", "受理机关"
    };

    private RawRecords() {}

    /** One record of a source: column (or field path) to text, exactly as read. */
    public record Row(String source, Map<String, String> payload) {

        public Row {
            payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload));
        }

        /** The same record with one column set to another text. */
        public Row with(String column, String value) {
            if (!payload.containsKey(column)) {
                throw new IllegalArgumentException(source + " sends no column " + column + ": " + payload.keySet());
            }
            var changed = new LinkedHashMap<>(payload);
            changed.put(column, value);
            return new Row(source, changed);
        }
    }

    /** A citizen ID number with a correct check character, distinct for each {@code n}. */
    public static String idNumber(int n) {
        return ExamSystemCsv.idNumber("320102", "19800101", n);
    }

    /**
     * A person who passed category A on 2026-11-20, in the exam system's CSV: a new certificate. Change the person with
     * {@link #examSystem(String, String)}, anything else with {@link Row#with}.
     */
    public static Row examSystem() {
        return examSystem("张三", idNumber(11));
    }

    public static Row examSystem(String name, String idNumber) {
        String[] cells = {
            "1",
            name,
            (idNumber.charAt(16) - '0') % 2 == 1 ? "男" : "女",
            idNumber,
            "江苏建工集团有限公司",
            ExamSystemCsv.creditCode("91320000134751234"),
            "A",
            "项目负责人",
            "工程师",
            "2026-11-20",
            ExamSystemCsv.ISSUER
        };
        var payload = new LinkedHashMap<String, String>();
        for (int i = 0; i < cells.length; i++) {
            payload.put(EXAM_SYSTEM_COLUMNS[i], cells[i]);
        }
        return new Row("exam-system", payload);
    }

    /**
     * A decision of the enforcement system on a certificate, as a row of its table {@code licence_sanction}.
     *
     * @param action 暂扣 (suspend), 撤销 (revoke), 暂扣发还 (reinstate), 注销 (cancel)
     */
    public static Row enforcement(String action, String licenceNumber, String reason, String decisionNo) {
        var payload = new LinkedHashMap<String, String>();
        payload.put("licence_number", licenceNumber);
        payload.put("action", action);
        payload.put("reason", reason);
        payload.put("decision_no", decisionNo);
        return new Row("enforcement-system", payload);
    }

    /**
     * A city bureau's request on a certificate, as a row of its workbook; the holder's columns are for the clerks only.
     *
     * @param kind 延续 (renew) or 变更 (change)
     */
    public static Row cityBureau(String kind, String licenceNumber, String applicationNo) {
        String[] cells = {
            "1", applicationNo, kind, licenceNumber, "张三", idNumber(11), "", "", "", "2026-12-01", "南京市住房和城乡建设局"
        };
        var payload = new LinkedHashMap<String, String>();
        for (int i = 0; i < cells.length; i++) {
            payload.put(CITY_BUREAU_COLUMNS[i], cells[i]);
        }
        return new Row("city-bureaus", payload);
    }
}
