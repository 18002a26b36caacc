package org.certhub.rendering;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.rendering.CertificateFace.Field;

/** Certificate faces for tests, including names that need the fallback fonts. */
public final class SampleFaces {

    public static final String AUTHORITY = "江苏省住房和城乡建设厅";
    public static final String EXTENSION_B_NAME = "吉𠮷祥";
    public static final String UYGHUR_NAME = "阿卜杜热合曼·买买提";

    private SampleFaces() {}

    public static CertificateFace face(int serial, String name) {
        String number = String.format("苏建安B(2026)%07d", serial);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ZZBS", "1.2.156.3005.2.11100000000013338W009.320000.2026" + serial);
        metadata.put("ZZBH", number);
        metadata.put("ZZMC", "建筑施工企业安全生产管理人员安全生产考核合格证书");
        return new CertificateFace(
                "建筑施工企业安全生产管理人员安全生产考核合格证书",
                number,
                List.of(
                        new Field("姓名", name),
                        new Field("性别", "男"),
                        new Field("身份证号码", "32010219800101123X"),
                        new Field("企业名称", "江苏省某某建设集团有限公司第三工程分公司（南京市玄武区中山路 100 号）"),
                        new Field("岗位类别", "专职安全生产管理人员（C2）"),
                        new Field("职务", "安全员"),
                        new Field("技术职称", "工程师"),
                        new Field("发证日期", "2026年11月27日"),
                        new Field("有效期", "2026年11月27日至2029年11月26日")),
                "https://certhub.example.cn/v/" + serial,
                AUTHORITY,
                "2026年11月27日",
                metadata);
    }
}
