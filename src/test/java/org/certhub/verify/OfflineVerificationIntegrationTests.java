package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ResultPoint;
import com.google.zxing.common.HybridBinarizer;
import com.upokecenter.cbor.CBORObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.apache.camel.ProducerTemplate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.certhub.demopki.DemoPki;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RecordIntake;
import org.certhub.sealing.Base45;
import org.certhub.sealing.CompactSigner;
import org.certhub.sealing.OfflinePayload;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.Browser;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.QrCodes;
import org.certhub.testing.SharedHub;
import org.certhub.testing.TestPki;
import org.certhub.testing.Y4m;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline QR code, end to end: the QR code printed on an issued certificate, read at 150 dpi, carries a payload
 * that a third-party COSE library verifies with a key of the trust list, whose chain reaches the demo root; the scan
 * page in a phone-sized Chromium verifies it with the network cut off; and a revocation shows on the QR page and the
 * query at once and, after the lists are refreshed, in the offline scan.
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineVerificationIntegrationTests {

    private static final Path INBOX = SharedHub.inbox("exam-system");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The lifecycle test source of the shared hub, whose messages carry operations. */
    private static final String OPERATIONS = "test-lifecycle";

    static final String ZHAO = ExamSystemCsv.idNumber("320102", "19830404", 311);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordIntake intake;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    DemoPki demoPki;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void thePrintedQrCodeCarriesAPayloadThatAThirdPartyVerifiesWithTheTrustListWhoseKeysChainToTheDemoRoot()
            throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                "offline-1.csv",
                ExamSystemCsv.file().person(1, "赵𠮷", ZHAO, "C2", "2026-10-20").gb18030());
        await().atMost(Duration.ofSeconds(60)).until(() -> published(ZHAO));

        // read as a phone reads the printed face: the page rendered at 150 dpi
        String url = QrCodes.read(Files.readAllBytes(pdf()));
        assertThat(url).startsWith("http://localhost:").contains("/v/" + token() + "#" + OfflinePayload.PREFIX);

        JsonNode trustList = verifiedJws(get("/.well-known/certhub/trust-list"), null);
        JsonNode signerKey = null;
        Sign1Message payload = cose(url);
        String kid = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getProtectedAttributes().get(4).GetByteString());
        for (JsonNode key : trustList.get("keys")) {
            if (key.get("kid").asString().equals(kid)) {
                signerKey = key;
            }
        }
        assertThat(signerKey).as("the QR code's signer in the trust list").isNotNull();
        assertThat(signerKey.get("sealName").asString()).contains("江苏省住房和城乡建设厅");
        List<X509Certificate> chain = certificates(signerKey.get("x5c"));
        assertThat(chainsTo(chain, demoPki.root())).isTrue();
        assertThat(payload.validate(new OneKey(chain.get(0).getPublicKey(), null)))
                .as("cose-java checks the payload with the trust list's key")
                .isTrue();
        CBORObject claims = CBORObject.DecodeFromBytes(payload.GetContent());
        assertThat(claims.get(2).AsString()).isEqualTo(number());
        assertThat(claims.get(4).AsString()).isEqualTo("赵𠮷");
        assertThat(claims.get(5).AsString()).isEqualTo(ZHAO.substring(0, 3) + "***********" + ZHAO.substring(14));
        assertThat(claims.get(9).AsInt64Value()).isEqualTo(versionId());
        assertThat(trustList.get("types").toString()).contains("安全生产考核合格证书");

        JsonNode statusList = verifiedJws(get("/.well-known/certhub/status-list"), trustList);
        assertThat(statusList.get("type").toString()).contains("BitstringStatusListCredential");
        assertThat(statusOf(statusList, versionId())).isZero();
    }

    @Test
    @Order(2)
    void theScanPageVerifiesOfflineAndShowsARevocationAfterTheListRefresh() throws Exception {
        Path photo = Files.createTempFile(SharedHub.ROOT, "certificate-photo-", ".png");
        Path film = Files.createTempFile(SharedHub.ROOT, "certificate-film-", ".y4m");
        try (var doc = Loader.loadPDF(Files.readAllBytes(pdf()))) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            ImageIO.write(page, "png", photo.toFile());
            Files.write(film, Y4m.still(aroundTheQrCode(page, 640, 480)));
        }
        ChromeDriver browser = Browser.phoneFilming(film);
        try {
            browser.get("http://localhost:" + port + "/verify/scan");
            assertThat(browser.getTitle()).isEqualTo("扫码核验");
            listsLoaded(browser);
            browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    navigator.serviceWorker.ready.then(() => {
                      const check = () => navigator.serviceWorker.controller ? done(true) : setTimeout(check, 50);
                      check();
                    });""");

            offline(browser, true);
            assertThat(browser.executeAsyncScript("""
                            const done = arguments[arguments.length - 1];
                            fetch('/actuator/health', {cache: 'no-store'}).then(() => done('reached'), () => done('cut'));"""))
                    .as("the network is cut, for the service worker too")
                    .isEqualTo("cut");
            browser.navigate().refresh();
            assertThat(browser.getTitle())
                    .as("the page itself from the service worker")
                    .isEqualTo("扫码核验");
            // the camera, filming the certificate's QR code
            listsLoaded(browser);
            browser.findElement(By.id("camera")).click();
            WebElement verdict = element(browser, "verdict");
            assertThat(browser.findElement(By.id("video")).isDisplayed())
                    .as("the camera stops once it has read a code")
                    .isFalse();
            assertThat(verdict.getDomAttribute("data-verdict")).isEqualTo("valid");
            assertThat(verdict.getText()).isEqualTo("经离线核验，证书真实有效");
            assertThat(browser.findElement(By.id("offline-holder")).getText()).isEqualTo("赵𠮷");
            assertThat(browser.findElement(By.id("offline-number")).getText()).isEqualTo(number());
            assertThat(browser.findElement(By.id("offline-issuer")).getText()).isEqualTo("江苏省住房和城乡建设厅");
            assertThat(browser.findElement(By.id("as-of")).getText()).startsWith("状态截至");
            long overflow =
                    (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            Files.write(SharedHub.ROOT.resolve("scan-page-offline.png"), browser.getScreenshotAs(OutputType.BYTES));

            // a forged payload: the holder's name changed, the signature kept
            browser.get("about:blank");
            browser.get("http://localhost:" + port + "/verify/scan#" + forged(QrCodes.read(Files.readAllBytes(pdf()))));
            WebElement forged = element(browser, "verdict");
            assertThat(forged.getDomAttribute("data-verdict")).isEqualTo("bad-signature");
            // the same facts signed by a key of another issuer, not in the trust list
            browser.get("about:blank");
            browser.get("http://localhost:" + port + "/verify/scan#" + signedByAnotherIssuer());
            assertThat(element(browser, "verdict").getDomAttribute("data-verdict"))
                    .isEqualTo("unknown-signer");
            // a COSE message whose parts are of the wrong kinds
            browser.get("about:blank");
            browser.get("http://localhost:" + port + "/verify/scan#" + OfflinePayload.PREFIX
                    + Base45.encode(java.util.HexFormat.of().parseHex("d2844101a041a040")));
            assertThat(element(browser, "verdict").getDomAttribute("data-verdict"))
                    .isEqualTo("unreadable");

            // online again: the licence is revoked, and says so at once on the QR page and in the query
            offline(browser, false);
            Instant revokedAt = Instant.now();
            send("{\"op\": \"撤销\", \"number\": \"" + number() + "\", \"reason\": \"以欺骗手段取得证书\", \"no\": \"OFF-1\"}");
            assertThat(get("/v/" + token())).contains("撤销", "以欺骗手段取得证书");
            assertThat(get("/api/v1/public/certificates?number=" + enc(number()) + "&name=" + enc("赵𠮷")))
                    .contains("\"status\":\"REVOKED\"");
            // within seconds in the status list
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    statusOf(verifiedJws(get("/.well-known/certhub/status-list"), null), versionId()))
                            .isEqualTo(2));

            browser.get("http://localhost:" + port + "/verify/scan");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                String asOf = browser.findElement(By.id("lists")).getDomAttribute("data-as-of");
                return asOf != null && !Instant.parse(asOf).isBefore(revokedAt.minusSeconds(1));
            });
            offline(browser, true);
            browser.navigate().refresh();
            WebElement revoked = scan(browser, photo);
            assertThat(revoked.getDomAttribute("data-verdict")).isEqualTo("not-valid");
            assertThat(revoked.getText()).isEqualTo("经离线核验，证书真实，当前状态：撤销");
            assertThat(browser.findElement(By.id("offline-status")).getText()).isEqualTo("撤销");

            browser.get("http://localhost:" + port + "/verify/scan?lang=en");
            WebElement english = scan(browser, photo);
            assertThat(english.getText())
                    .isEqualTo("Verified offline: the certificate is genuine; its status: revoked");
        } finally {
            browser.quit();
            Files.deleteIfExists(photo);
            Files.deleteIfExists(film);
        }
    }

    /** What a phone held over the certificate's QR code films: a window of the page around the code. */
    private static BufferedImage aroundTheQrCode(BufferedImage page, int width, int height) throws Exception {
        int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
        var found = new MultiFormatReader()
                .decode(new BinaryBitmap(
                        new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels))));
        double x = 0;
        double y = 0;
        for (ResultPoint point : found.getResultPoints()) {
            x += point.getX() / found.getResultPoints().length;
            y += point.getY() / found.getResultPoints().length;
        }
        int left = (int) Math.max(0, Math.min(page.getWidth() - width, x - width / 2.0));
        int top = (int) Math.max(0, Math.min(page.getHeight() - height, y - height / 2.0));
        return page.getSubimage(left, top, width, height);
    }

    private static WebElement scan(ChromeDriver browser, Path photo) {
        listsLoaded(browser);
        browser.findElement(By.id("photo")).sendKeys(photo.toAbsolutePath().toString());
        return element(browser, "verdict");
    }

    private static void listsLoaded(ChromeDriver browser) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> browser.findElement(By.id("lists")).getDomAttribute("data-as-of") != null);
    }

    private static WebElement element(ChromeDriver browser, String id) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElements(By.id(id)).isEmpty());
        return browser.findElement(By.id(id));
    }

    private static void offline(ChromeDriver browser, boolean offline) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** The certificate's own facts, signed by a seal of a test CA that the hub does not know. */
    private String signedByAnotherIssuer() throws Exception {
        Path dir = Files.createTempDirectory(SharedHub.ROOT, "other-issuer-");
        TestPki.Seal seal = new TestPki(dir).issue("CN=Another Authority Seal", "EC", Duration.ofDays(365));
        char[] password = "test".toCharArray();
        var token = KeyStoreSignatureToken.open(seal.writePkcs12(dir.resolve("seal.p12"), password), password, "seal");
        CBORObject claims = CBORObject.DecodeFromBytes(
                cose(QrCodes.read(Files.readAllBytes(pdf()))).GetContent());
        var payload = new OfflinePayload(
                claims.get(1).AsString(),
                claims.get(2).AsString(),
                claims.get(3).AsString(),
                claims.get(4).AsString(),
                claims.get(5).AsString(),
                java.time.LocalDate.ofEpochDay(claims.get(6).UntagOne().AsInt64Value()),
                null,
                null,
                claims.get(9).AsInt64Value());
        return payload.fragment(new CompactSigner(token));
    }

    /** The payload of a QR code's URL with the holder's name changed and its signature kept. */
    private static String forged(String url) throws Exception {
        CBORObject message = CBORObject.DecodeFromBytes(coseBytes(url));
        CBORObject parts = message.UntagOne();
        CBORObject claims = CBORObject.DecodeFromBytes(parts.get(2).GetByteString());
        claims.set(CBORObject.FromObject(4), CBORObject.FromObject("钱七"));
        parts.set(2, CBORObject.FromObject(claims.EncodeToBytes()));
        return OfflinePayload.fragment(CBORObject.FromObjectAndTag(parts, 18).EncodeToBytes());
    }

    private static byte[] coseBytes(String url) {
        String fragment = url.substring(url.indexOf('#') + 1 + OfflinePayload.PREFIX.length());
        return Base45.decode(URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    private static Sign1Message cose(String url) throws Exception {
        return (Sign1Message) Message.DecodeFromBytes(coseBytes(url), MessageTag.Sign1);
    }

    /**
     * The JWS's payload after checking its signature: with the key in its own x5c header (the trust list, whose chain
     * must reach the demo root) or with the trust list's key of its kid.
     */
    private JsonNode verifiedJws(String jws, JsonNode trustList) throws Exception {
        String[] parts = jws.split("\\.");
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        List<X509Certificate> chain;
        if (header.has("x5c")) {
            chain = certificates(header.get("x5c"));
            assertThat(chainsTo(chain, demoPki.root())).isTrue();
        } else {
            JsonNode list = trustList != null ? trustList : verifiedJws(get("/.well-known/certhub/trust-list"), null);
            chain = null;
            for (JsonNode key : list.get("keys")) {
                if (key.get("kid").asString().equals(header.get("kid").asString())) {
                    chain = certificates(key.get("x5c"));
                }
            }
            assertThat(chain)
                    .as("the signer of the status list in the trust list")
                    .isNotNull();
        }
        assertThat(header.get("alg").asString()).isEqualTo("ES256");
        byte[] raw = Base64.getUrlDecoder().decode(parts[2]);
        var der = new ASN1EncodableVector();
        der.add(new ASN1Integer(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32))));
        der.add(new ASN1Integer(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64))));
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(chain.get(0).getPublicKey());
        ecdsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(ecdsa.verify(new DERSequence(der).getEncoded()))
                .as("the JWS signature")
                .isTrue();
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** The 2-bit status at an index of a W3C Bitstring Status List credential, bits counted from the left. */
    private static int statusOf(JsonNode credential, long index) throws Exception {
        JsonNode subject = credential.get("credentialSubject");
        assertThat(subject.get("statusSize").asInt()).isEqualTo(2);
        String encoded = subject.get("encodedList").asString();
        assertThat(encoded).startsWith("u");
        byte[] bits;
        try (var in = new GZIPInputStream(
                new ByteArrayInputStream(Base64.getUrlDecoder().decode(encoded.substring(1))))) {
            bits = in.readAllBytes();
        }
        assertThat(bits.length * 8L).isGreaterThanOrEqualTo(131_072);
        int value = 0;
        for (int b = 0; b < 2; b++) {
            long bit = index * 2 + b;
            value = (value << 1) | ((bits[(int) (bit / 8)] >> (7 - bit % 8)) & 1);
        }
        return value;
    }

    private static List<X509Certificate> certificates(JsonNode x5c) throws Exception {
        var factory = CertificateFactory.getInstance("X.509");
        var list = new ArrayList<X509Certificate>();
        for (JsonNode der : x5c) {
            list.add((X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(der.asString()))));
        }
        return list;
    }

    private static boolean chainsTo(List<X509Certificate> chain, X509Certificate root) throws Exception {
        var factory = CertificateFactory.getInstance("X.509");
        var path = factory.generateCertPath(
                chain.stream().filter(c -> !c.equals(root)).toList());
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        return true;
    }

    private void send(String json) {
        List<RawRecord> stored = intake.receiveMessage(
                OPERATIONS,
                "test",
                "offline test message",
                "test/offline/" + System.nanoTime(),
                json.getBytes(StandardCharsets.UTF_8));
        producer.sendBody("direct:process-records", stored);
    }

    private String get(String pathAndQuery) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
        return response.body();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Path pdf() {
        return SharedHub.OUTBOX.resolve(
                jdbc.sql("""
                        select v.identifier from licence_version v join licence l on l.id = v.licence_id
                        where l.holder_code = ? and v.version = 1""").param(ZHAO).query(String.class).single() + ".pdf");
    }

    private String number() {
        return jdbc.sql("select number from licence where holder_code = ?")
                .param(ZHAO)
                .query(String.class)
                .single();
    }

    private String token() {
        return jdbc.sql("""
                        select v.verify_token from licence_version v join licence l on l.id = v.licence_id
                        where l.holder_code = ? and v.version = 1""").param(ZHAO).query(String.class).single();
    }

    private long versionId() {
        return jdbc.sql("""
                        select v.id from licence_version v join licence l on l.id = v.licence_id
                        where l.holder_code = ? and v.version = 1""").param(ZHAO).query(Long.class).single();
    }

    private boolean published(String idNumber) {
        return jdbc.sql("""
                        select count(*) from licence_version v join licence l on l.id = v.licence_id
                        where l.holder_code = ? and v.state = 'PUBLISHED'""").param(idNumber).query(Integer.class).single() > 0;
    }
}
