package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.certhub.demopki.DemoPki;
import org.certhub.rendering.CertificateFace;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.FontSet;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.ActiveSeal;
import org.certhub.sealing.SigningStages;
import org.certhub.testing.OfdPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload check takes OFD files: the library's sealed OFD is genuine, a changed copy is not the library's file, an
 * OFD without a seal is not sealed, and one another authority sealed for a licence the library does not hold is not
 * in the library.
 */
class OfdUploadCheckTests {

    @TempDir
    static Path dir;

    private static CertificateRenderer renderer;
    private static ActiveSeal seal;
    private static CertificateFace face;
    private static byte[] sealed;
    private static UploadCheck check;

    @BeforeAll
    static void sealOne() throws Exception {
        renderer = new CertificateRenderer(FontSet.loadDefault());
        seal = SigningStages.demoSm2Seal(DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY));
        face = SampleFaces.face(31, "张三");
        sealed = seal.ofdSealer().seal(renderer.renderOfd(face), seal.token(), Instant.now());
        String identifier = face.metadata().get("ZZBS");
        var held = new UploadCheck.Held(ForgeryCorpus.version(identifier), new byte[0], sealed);
        check = new UploadCheck(
                id -> id.equals(identifier) ? Optional.of(held) : Optional.empty(), (s, c, at) -> false);
    }

    @Test
    void theLibrarysSealedOfdIsGenuine() {
        var report = check.check(sealed);
        assertThat(report.verdict()).as(report.findings().toString()).isEqualTo(FileVerdict.GENUINE);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("ofd-sealed", "library-same-file");
        assertThat(report.signer()).contains(SampleFaces.AUTHORITY);
        assertThat(report.held().identifier()).isEqualTo(face.metadata().get("ZZBS"));
    }

    @Test
    void aChangedCopyIsNotTheLibrarysFile() throws Exception {
        Map<String, byte[]> entries = OfdPackages.unzip(sealed);
        String page = "Doc_0/Pages/Page_0/Content.xml";
        entries.put(
                page,
                new String(entries.get(page), StandardCharsets.UTF_8)
                        .replace("张三", "李三")
                        .getBytes(StandardCharsets.UTF_8));
        var report = check.check(OfdPackages.zip(entries));
        assertThat(report.verdict()).isEqualTo(FileVerdict.MODIFIED);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("ofd-differs-from-library");
    }

    @Test
    void anOfdWithoutASealIsNotSealed() {
        var report = check.check(renderer.renderOfd(face));
        assertThat(report.verdict()).isEqualTo(FileVerdict.NOT_SEALED);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("no-seal");
    }

    @Test
    void aSealedOfdOfALicenceTheLibraryDoesNotHoldIsNotInTheLibrary() {
        byte[] other =
                seal.ofdSealer().seal(renderer.renderOfd(SampleFaces.face(32, "王五")), seal.token(), Instant.now());
        var report = check.check(other);
        assertThat(report.verdict()).isEqualTo(FileVerdict.NOT_IN_LIBRARY);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("ofd-sealed", "not-in-library");
    }

    @Test
    void aPackageThatNamesOfdXmlButCannotBeReadIsUnreadable() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes());
        var report = check.check(OfdPackages.zip(entries));
        assertThat(report.verdict()).isEqualTo(FileVerdict.NOT_SEALED);
        assertThat(report.findings()).extracting(UploadCheck.Finding::code).contains("unreadable");
    }
}
