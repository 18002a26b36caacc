package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.testing.SignatureValidators;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upload check on the forgery corpus ({@link ForgeryCorpus}): each file gets its verdict for its reason, and the
 * EU DSS validator, run on the same files with the demo root trusted, reads each the same way: what the check calls
 * genuine (or sealed by the hub but not in the library, which DSS cannot know) DSS passes with no change but
 * validation data; what it calls modified DSS fails or reports as changed after the signature; an unknown seal has
 * no trusted chain; a file without a seal has no signature.
 */
class UploadCheckTests {

    private static final Set<String> SHADOW_ATTACKS =
            Set.of("shadow-hide", "shadow-replace", "shadow-hide-and-replace");

    @TempDir
    static Path dir;

    static ForgeryCorpus corpus;
    private static Map<String, String> dss;

    @BeforeAll
    static void makeTheCorpus() throws Exception {
        if (corpus == null) {
            corpus = new ForgeryCorpus(dir);
        }
    }

    static Stream<Arguments> samples() throws Exception {
        makeTheCorpus();
        return corpus.samples.stream().map(s -> Arguments.of(s.name(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void eachFileGetsItsVerdictForItsReason(String name, ForgeryCorpus.Sample sample) {
        var report = new UploadCheck(corpus.libraryPort(), corpus.sealsPort()).check(sample.file());

        assertThat(report.verdict()).as(name + ": " + report.findings()).isEqualTo(sample.expected());
        List<String> codes =
                report.findings().stream().map(UploadCheck.Finding::code).toList();
        assertThat(codes).as(name).contains(sample.finding());
        // each shadow attack is named as itself, and a file that is not one is not called one
        assertThat(codes.stream().filter(SHADOW_ATTACKS::contains))
                .as(name)
                .containsExactlyElementsOf(
                        SHADOW_ATTACKS.contains(sample.finding()) ? List.of(sample.finding()) : List.of());
    }

    @org.junit.jupiter.api.Test
    void aStreamThatExpandsToAGigabyteAfterSealingIsNamedNotUnpacked() throws Exception {
        byte[] bomb = corpus.compressionBomb();
        assertThat(bomb.length).isLessThan(1 << 20);

        var report = new UploadCheck(corpus.libraryPort(), corpus.sealsPort()).check(bomb);

        assertThat(report.verdict()).isEqualTo(FileVerdict.MODIFIED);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("page-content-changed");
    }

    @org.junit.jupiter.api.Test
    void aBrokenPageTreeAfterSealingIsDamagedNotAnError() throws Exception {
        byte[] sealed = corpus.library.values().iterator().next().file();
        byte[] broken = ForgeryCorpus.update(sealed, document -> {
            var tree = document.getPages().getCOSObject();
            tree.setItem(org.apache.pdfbox.cos.COSName.KIDS, new org.apache.pdfbox.cos.COSArray());
            tree.setNeedToBeUpdated(true);
        });

        var report = new UploadCheck(corpus.libraryPort(), corpus.sealsPort()).check(broken);

        assertThat(report.verdict()).isEqualTo(FileVerdict.MODIFIED);
    }

    @org.junit.jupiter.api.Test
    void aFileWithMoreSignaturesThanAnArchiveEverHasIsRefusedBeforeAnyIsRead() throws Exception {
        byte[] sealed = corpus.library.values().iterator().next().file();
        byte[] crowded = ForgeryCorpus.update(sealed, document -> {
            var form = document.getDocumentCatalog().getAcroForm(null);
            for (int i = 0; i < UploadCheck.MAX_SIGNATURES + 1; i++) {
                var field = new org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField(form);
                field.setPartialName("ts" + i);
                var value = new org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature();
                value.setSubFilter(org.apache.pdfbox.cos.COSName.getPDFName("ETSI.RFC3161"));
                field.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.V, value);
                form.getFields().add(field);
            }
            form.getCOSObject().setNeedToBeUpdated(true);
        });

        var report = new UploadCheck(corpus.libraryPort(), corpus.sealsPort()).check(crowded);

        assertThat(report.verdict()).isEqualTo(FileVerdict.MODIFIED);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).containsExactly("too-many-signatures");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void euDssReadsEachFileTheSameWay(String name, ForgeryCorpus.Sample sample) throws Exception {
        String report = dssReport(name);
        String reading = reading(report);
        String expected = switch (sample.expected()) {
            case GENUINE, NOT_IN_LIBRARY -> "intact";
            case MODIFIED -> reading.equals("failed") ? "failed" : "changed";
            case UNKNOWN_SEAL -> "untrusted";
            case NOT_SEALED -> "no signature";
        };
        assertThat(reading).as(name + ", DSS said:\n" + report).isEqualTo(expected);
    }

    /**
     * What DSS's report says: {@code failed} (TOTAL_FAILED), {@code untrusted} (no chain to the trusted root),
     * {@code changed} (passed, with changes after the signature other than validation data and timestamps: page,
     * visual or annotation-overlap differences, or annotation, form-fill or undefined object changes), {@code intact}
     * (passed with none), {@code no signature} (none found, or no PDF).
     */
    private static String reading(String report) {
        if (report.contains("signatures=0") || report.contains("failure=")) {
            return "no signature";
        }
        if (report.contains("indication=TOTAL_FAILED")) {
            return "failed";
        }
        if (report.contains("subIndication=NO_CERTIFICATE_CHAIN_FOUND")) {
            return "untrusted";
        }
        if (!report.contains("indication=TOTAL_PASSED")) {
            return "other";
        }
        Matcher objects = Pattern.compile(
                        "objectModifications=extension:\\d+ signatureOrFormFill:(\\d+) annotation:(\\d+) undefined:(\\d+)")
                .matcher(report);
        boolean changed = report.contains("modifications=true");
        while (objects.find()) {
            changed |= Integer.parseInt(objects.group(1))
                            + Integer.parseInt(objects.group(2))
                            + Integer.parseInt(objects.group(3))
                    > 0;
        }
        return changed ? "changed" : "intact";
    }

    /** DSS's report on one file: DSS runs once, on a folder of the whole corpus. */
    private static synchronized String dssReport(String name) throws Exception {
        if (dss == null) {
            Path files = Files.createDirectories(dir.resolve("corpus"));
            var names = new HashMap<String, String>();
            int i = 0;
            for (var sample : corpus.samples) {
                String file = "%02d.pdf".formatted(++i);
                Files.write(files.resolve(file), sample.file());
                names.put(file, sample.name());
            }
            String output = SignatureValidators.dss(files, corpus.pki.rootCertificate(), corpus.crl);
            dss = new HashMap<>();
            String current = null;
            var text = new StringBuilder();
            for (String line : output.split("\\R")) {
                if (line.startsWith("file=")) {
                    if (current != null) {
                        dss.put(names.get(current), text.toString());
                    }
                    current = line.substring("file=".length());
                    text.setLength(0);
                } else if (current != null) {
                    text.append(line).append('\n');
                }
            }
            if (current != null) {
                dss.put(names.get(current), text.toString());
            }
        }
        assertThat(dss).as("DSS's reports").containsKey(name);
        return dss.get(name);
    }
}
