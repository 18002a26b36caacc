package org.certhub.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.rendering.CertificateFace;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;

/**
 * {@code bench render --count N [--threads T] [--name NAME]}: renders N certificate faces of the safety-management
 * staff type (no sealing, no hub) with the shipped fonts, once per name: by default a common name, one with a
 * character outside GB2312 that the full main font has, one with a character of CJK Extension A and one with a
 * character of Extension B, which take the fallback fonts. Each name is
 * first rendered {@link #WARM_UP} times untimed, so that the rate is the compiled code's.
 */
final class RenderBench {

    /** Names by what they need of the fonts. */
    static final Map<String, String> DEFAULT_NAMES = defaultNames();

    private static final int WARM_UP = 2_000;

    private RenderBench() {}

    private static Map<String, String> defaultNames() {
        var names = new LinkedHashMap<String, String>();
        names.put("common (GB2312)", "王建国");
        names.put("GBK (U+5803)", "王堃");
        names.put("Extension A (U+36C3)", "李㛃");
        names.put("Extension B (U+20BB7)", "吉𠮷祥");
        return names;
    }

    static void run(int count, int threads, Map<String, String> names) throws Exception {
        long start = System.nanoTime();
        FontSet fonts = FontSet.loadDefault();
        System.out.printf(
                Locale.ROOT,
                "fonts loaded in %.2f s; %d threads, %d cores%n",
                (System.nanoTime() - start) / 1e9,
                threads,
                Runtime.getRuntime().availableProcessors());
        var renderer = new CertificateRenderer(fonts);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (var name : names.entrySet()) {
                measure(renderer, pool, threads, Math.min(count, WARM_UP), name.getValue());
                long cpuBefore = BenchCommand.processCpu();
                long wallBefore = System.nanoTime();
                long bytes = measure(renderer, pool, threads, count, name.getValue());
                double seconds = (System.nanoTime() - wallBefore) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "render %-24s %s: %d certificates in %.1f s = %.1f certificates/s, %.2f ms CPU each, %d bytes"
                                + " each%n",
                        name.getKey(),
                        name.getValue(),
                        count,
                        seconds,
                        count / seconds,
                        (BenchCommand.processCpu() - cpuBefore) / 1e6 / count,
                        bytes / count);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Renders {@code count} faces on the pool; returns the bytes of all PDFs. */
    private static long measure(CertificateRenderer renderer, ExecutorService pool, int threads, int count, String name)
            throws Exception {
        var next = new AtomicInteger();
        var work = new ArrayList<Future<Long>>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                long bytes = 0;
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    bytes += renderer.render(face(i, name)).length;
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (var w : work) {
            bytes += w.get();
        }
        return bytes;
    }

    /** A face as the sign stage builds it for the safety-management staff type. */
    static CertificateFace face(int serial, String name) {
        String number = String.format(Locale.ROOT, "苏建安C2(2026)%07d", serial + 1);
        var metadata = new LinkedHashMap<String, String>();
        metadata.put("ZZBS", "1.2.156.3005.2.11100000000013338W011.320000." + number);
        metadata.put("ZZBH", number);
        return new CertificateFace(
                "建筑施工企业安全生产管理人员安全生产考核合格证书",
                number,
                List.of(
                        new CertificateFace.Field("姓名", name),
                        new CertificateFace.Field("性别", "男"),
                        new CertificateFace.Field("出生日期", "1980年1月1日"),
                        new CertificateFace.Field("身份证号码", "32010219800101123X"),
                        new CertificateFace.Field("企业名称", "江苏建工集团有限公司"),
                        new CertificateFace.Field("统一社会信用代码", "91320000134751234X"),
                        new CertificateFace.Field("岗位类别", "专职安全生产管理人员（C2）"),
                        new CertificateFace.Field("职务", "项目负责人"),
                        new CertificateFace.Field("技术职称", "工程师"),
                        new CertificateFace.Field("发证日期", "2026年12月7日"),
                        new CertificateFace.Field("有效期至", "2029年12月6日")),
                "https://certhub.example.cn/v/" + Integer.toString(serial, 36) + "Qx7mKp2RtV9wZb",
                "江苏省住房和城乡建设厅",
                "2026年12月7日",
                metadata);
    }
}
