package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.IssueOutcome;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.Endpoints;
import org.certhub.testing.Browser;
import org.certhub.testing.ExamSystemCsv;
import org.certhub.testing.HolderMessages;
import org.certhub.testing.HubHttp;
import org.certhub.testing.HubIntegrationTest;
import org.certhub.testing.SharedHub;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The holder's corner through its real pages on the shared hub, as a browser without script uses them: certificates
 * issued through the exam system's file drop (and one of another type through the library), sealed and published;
 * sign-in with ID number, name and a certificate number, the list, the downloads, sign-out; a wrong triple answering
 * as an unknown holder; the lockout; the one-time code for a holder with a contact on record (the shared hub has
 * codes on, and keeps the messages in {@link HolderMessages}); the expiry reminders; and the pages in Chromium at phone
 * size, in Chinese and in English.
 */
@HubIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HolderCornerIntegrationTests {

    private static final Path INBOX = SharedHub.inbox("exam-system");

    static final String ZHAO = ExamSystemCsv.idNumber("320105", "19870707", 701);
    static final String QIAN = ExamSystemCsv.idNumber("320105", "19870707", 702);
    static final String SUN = ExamSystemCsv.idNumber("320105", "19870707", 703);
    static final String ZHOU = ExamSystemCsv.idNumber("320105", "19870707", 704);
    /** Nobody's: no certificate is issued to it. */
    static final String WU = ExamSystemCsv.idNumber("320105", "19870707", 706);

    static final String NOBODY = ExamSystemCsv.idNumber("320105", "19870707", 705);

    static final String QIAN_MOBILE = "13800138702";
    private static final String SPECIAL_OPERATIONS = "11100000000013338W032";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LicenceLibrary library;

    @Autowired
    Catalogue catalogue;

    @Autowired
    CerthubPaths paths;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    HolderMessages messages;

    @Autowired
    ExpiryReminders reminders;

    @Autowired
    Clock clock;

    @Test
    @Order(1)
    void theHoldersCertificatesAreIssuedSealedAndPublished() throws Exception {
        ExamSystemCsv.drop(
                INBOX,
                "holder-corner-1.csv",
                ExamSystemCsv.file()
                        .person(1, "赵敏", ZHAO, "B", "2026-10-15")
                        .person(2, "赵敏", ZHAO, "C1", "2026-10-16")
                        .person(3, "钱进", QIAN, "B", "2026-10-15")
                        .person(4, "孙丽", SUN, "B", "2026-10-15")
                        .person(5, "周雨", ZHOU, "A", "2026-10-15")
                        .person(6, "吴桐", WU, "B", "2026-10-15")
                        .gb18030());
        // a certificate of another type, issued through the library and handed to sealing as the stages do
        long versionId = new TransactionTemplate(transactions).execute(status -> {
            var data = new LinkedHashMap<String, String>();
            data.put("holderName", "赵敏");
            data.put("gender", "1");
            data.put("holderIdNumber", ZHAO);
            data.put("birthDate", "1987-07-07");
            data.put("trade", "01");
            data.put("city", "A");
            data.put("companyName", "南京建工集团有限公司");
            data.put("examDate", "2026-10-20");
            data.put("issuer", "江苏省住房和城乡建设厅");
            var outcome = library.issueNew(
                    catalogue.get(SPECIAL_OPERATIONS), data, "holder-corner|" + ZHAO + "|01", 0L, LocalDate.now(clock));
            return ((IssueOutcome.Issued) outcome).versionId();
        });
        producer.sendBody(Endpoints.ENQUEUE_SIGN, List.of(versionId));

        await().atMost(Duration.ofSeconds(90))
                .until(() -> published(ZHAO) == 3
                        && published(QIAN) == 1
                        && published(SUN) == 1
                        && published(ZHOU) == 1
                        && published(WU) == 1);
    }

    @Test
    @Order(2)
    void aHolderSeesEveryCertificateOfTheirsAndDownloadsEachSealedFile() throws Exception {
        var browser = new Visitor();
        var signIn = browser.signIn(ZHAO, "赵 敏", number(ZHAO, "11100000000013338W011", 0));

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/holder/certificates");
        String setCookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(HolderController.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie)
                .contains("Path=/holder", "HttpOnly", "SameSite=Lax")
                .doesNotContain("Max-Age");

        var page = browser.get("/holder/certificates");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        List<LicenceVersionView> mine = library.certificatesOfHolder(ZHAO);
        assertThat(mine).hasSize(3);
        assertThat(page.body())
                .contains("赵敏", ZHAO.substring(0, 3) + "***********" + ZHAO.substring(14))
                .doesNotContain(ZHAO)
                .contains("建筑施工企业安全生产管理人员安全生产考核合格证书", "建筑施工特种作业操作资格证书")
                .contains("证照共享接口尚未开通");
        assertThat(count(page.body(), "<dd class=\"status ok\">有效</dd>")).isEqualTo(3);
        for (LicenceVersionView v : mine) {
            assertThat(page.body()).contains(v.number(), "/v/" + v.verifyToken(), "/holder/files/" + v.identifier());

            var file = browser.getBytes("/holder/files/" + v.identifier());

            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/pdf");
            assertThat(file.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                    .isEqualTo("attachment; filename=\"" + v.identifier() + ".pdf\"; filename*=UTF-8''"
                            + URLEncoder.encode(v.number(), StandardCharsets.UTF_8)
                                    .replace("(", "%28")
                                    .replace(")", "%29")
                            + ".pdf");
            assertThat(file.body()).isEqualTo(Files.readAllBytes(paths.files().resolve(v.filePath())));

            // the safety-management type issues an OFD too, the special-operations type does not
            var ofd = browser.getBytes("/holder/files/" + v.identifier() + "/ofd");
            if (v.typeCode().equals(SPECIAL_OPERATIONS)) {
                assertThat(v.ofdFilePath()).isNull();
                assertThat(page.body()).doesNotContain("/holder/files/" + v.identifier() + "/ofd");
                assertThat(ofd.statusCode()).isEqualTo(404);
            } else {
                assertThat(page.body()).contains("/holder/files/" + v.identifier() + "/ofd", "下载证照文件（OFD）");
                assertThat(ofd.statusCode()).isEqualTo(200);
                assertThat(ofd.headers().firstValue("Content-Type").orElseThrow())
                        .isEqualTo("application/ofd");
                assertThat(ofd.headers().firstValue("Content-Disposition").orElseThrow())
                        .startsWith("attachment; filename=\"" + v.identifier() + ".ofd\"")
                        .endsWith(".ofd");
                assertThat(ofd.body())
                        .isEqualTo(Files.readAllBytes(paths.files().resolve(v.ofdFilePath())));
            }
        }
        assertThat(mine).filteredOn(v -> v.ofdFilePath() != null).hasSize(2);

        // another holder's certificate, or none, is not found, as if it did not exist
        var others = browser.getBytes(
                "/holder/files/" + library.certificatesOfHolder(QIAN).get(0).identifier());
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(browser.getBytes("/holder/files/1.2.156.3005.2.nothing").statusCode())
                .isEqualTo(404);

        // in English, with the catalogue's English names
        var english = browser.get("/holder/certificates?lang=en");
        assertThat(english.body())
                .contains(
                        "My certificates",
                        "Certificate of Qualification for Special Operations in Construction",
                        "Download the certificate file (PDF)",
                        "The share API for other departments is not open yet")
                .contains("<dd class=\"status ok\">valid</dd>");
        browser.get("/holder/certificates?lang=zh-CN");

        // signing out ends the session on the server, not only in this browser
        String session = browser.cookie(HolderController.COOKIE);
        var out = browser.post("/holder/sign-out", Map.of("_csrf", browser.csrfOf(page.body())));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(browser.get("/holder/certificates").statusCode()).isEqualTo(302);
        var replayed = new Visitor();
        replayed.setCookie(HolderController.COOKIE, session);
        assertThat(replayed.get("/holder/certificates").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/holder"));
        assertThat(replayed.getBytes("/holder/files/" + mine.get(0).identifier())
                        .statusCode())
                .isEqualTo(303);
    }

    @Test
    @Order(3)
    void aWrongNameOrNumberAnswersExactlyAsAnUnknownIdNumber() throws Exception {
        String zhaosNumber = number(ZHAO, "11100000000013338W011", 0);
        var wrongName = new Visitor().signIn(ZHAO, "赵明", zhaosNumber);
        var anothersNumber = new Visitor().signIn(ZHAO, "赵敏", number(SUN, "11100000000013338W011", 0));
        var unknown = new Visitor().signIn(NOBODY, "赵敏", zhaosNumber);

        for (var answer : List.of(wrongName, anothersNumber, unknown)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(HolderController.COOKIE));
            assertThat(answer.body()).contains("身份证号码、姓名和证书编号不相符");
        }
        assertThat(withoutToken(wrongName.body()))
                .isEqualTo(withoutToken(unknown.body()))
                .isEqualTo(withoutToken(anothersNumber.body()));

        // a typing error is said as such: it tells nothing of who exists
        var badId =
                new Visitor().signIn(ZHAO.substring(0, 17) + (ZHAO.charAt(17) == '1' ? "2" : "1"), "赵敏", zhaosNumber);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("请填写 18 位公民身份号码");
    }

    @Test
    @Order(4)
    void fiveFailuresLockAnIdNumberAndNameEvenForTheRightNumberWhetherTheHolderExistsOrNot() throws Exception {
        String number = number(SUN, "11100000000013338W011", 0);
        for (int i = 1; i <= 5; i++) {
            var wrong = new Visitor().signIn(SUN, "孙丽", "苏建安B(2026)99999" + i);
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body()).contains("不相符");
        }

        var right = new Visitor().signIn(SUN, "孙丽", number);

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(800L, 901L);
        assertThat(right.body()).contains("登录失败次数过多，请 15 分钟后再试");
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(HolderController.COOKIE));
        // the same for a pair that names nobody
        for (int i = 1; i <= 5; i++) {
            new Visitor().signIn(NOBODY, "孙丽", "苏建安B(2026)99999" + i);
        }
        var nobody = new Visitor().signIn(NOBODY, "孙丽", number);
        assertThat(nobody.statusCode()).isEqualTo(429);
        assertThat(withoutToken(nobody.body())).isEqualTo(withoutToken(right.body()));
    }

    /**
     * The public pages show a certificate's number, holder and masked ID number: guessing the hidden digits of the ID
     * number, each guess a new pair, is locked by the certificate number.
     */
    @Test
    @Order(4)
    void fiveFailuresNamingOneCertificateNumberLockItWhateverIdNumbersTheyGive() throws Exception {
        String number = number(WU, "11100000000013338W011", 0);
        for (int i = 1; i <= 5; i++) {
            String guess = ExamSystemCsv.idNumber("320105", "19870707", 720 + i);
            assertThat(new Visitor().signIn(guess, "吴桐", number).body()).contains("不相符");
        }

        var right = new Visitor().signIn(WU, "吴桐", number);

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(HolderController.COOKIE));
    }

    @Test
    @Order(5)
    void aHolderWithAContactOnRecordSignsInWithTheCodeSentThere() throws Exception {
        var contact = put("/api/v1/holder-contacts", "{\"idNumber\": \"" + QIAN + "\", \"mobile\": \"138 0013 8702\"}");
        assertThat(contact.statusCode()).isEqualTo(200);
        assertThat(contact.body())
                .contains("\"channel\":\"SMS\"", "\"contact\":\"138****8702\"")
                .doesNotContain(QIAN);
        assertThat(put("/api/v1/holder-contacts", "{\"idNumber\": \"123\", \"mobile\": \"13800138702\"}")
                        .statusCode())
                .isEqualTo(400);

        var browser = new Visitor();
        var signIn = browser.signIn(QIAN, "钱进", number(QIAN, "11100000000013338W011", 0));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/holder/code");
        String waiting = browser.cookie(HolderController.COOKIE);
        assertThat(browser.get("/holder/certificates").statusCode())
                .as("not signed in before the code")
                .isEqualTo(302);
        List<String> sent = messages.to(QIAN_MOBILE);
        assertThat(sent).hasSize(1);
        Matcher matcher = Pattern.compile("验证码为 ([0-9]{6})，5 分钟内有效").matcher(sent.get(0));
        assertThat(matcher.find()).as(sent.get(0)).isTrue();
        String code = matcher.group(1);

        var codePage = browser.get("/holder/code");
        assertThat(codePage.body()).contains("验证码已发送至您登记的手机号码或电子邮件地址");
        var wrong = browser.post(
                "/holder/code",
                Map.of("code", code.equals("000000") ? "000001" : "000000", "_csrf", browser.csrfOf(codePage.body())));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("验证码不正确，还可以再试 4 次");

        var right = browser.post("/holder/code", Map.of("code", code, "_csrf", browser.csrfOf(wrong.body())));

        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(right.headers().firstValue("Location").orElseThrow()).endsWith("/holder/certificates");
        String session = browser.cookie(HolderController.COOKIE);
        assertThat(session).as("a new id at sign-in").isNotEqualTo(waiting);
        assertThat(browser.get("/holder/certificates").body()).contains(number(QIAN, "11100000000013338W011", 0));
        // the code posted twice (a double tap): the second finds the holder signed in, and keeps the session
        var twice = browser.post("/holder/code", Map.of("code", code, "_csrf", browser.csrfOf(wrong.body())));
        assertThat(twice.headers().firstValue("Location").orElseThrow()).endsWith("/holder/certificates");
        assertThat(browser.cookie(HolderController.COOKIE)).isEqualTo(session);

        // the code's id, replayed, signs nobody in
        var replayed = new Visitor();
        replayed.setCookie(HolderController.COOKIE, waiting);
        var again = replayed.post(
                "/holder/code",
                Map.of(
                        "code",
                        code,
                        "_csrf",
                        replayed.csrfOf(replayed.get("/holder").body())));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("验证码已失效");
        assertThat(replayed.get("/holder/certificates").statusCode()).isEqualTo(302);
    }

    @Test
    @Order(6)
    void eachThresholdsReminderIsSentOnceToTheContactOnRecord() {
        LicenceVersionView qians = library.certificatesOfHolder(QIAN).get(0);
        LocalDate lastDay = qians.validTo();
        int before = messages.to(QIAN_MOBILE).size();

        reminders.remind(lastDay.minusDays(20));
        reminders.remind(lastDay.minusDays(20));
        reminders.remind(lastDay.minusDays(10));

        List<String> sent = messages.to(QIAN_MOBILE);
        assertThat(sent).hasSize(before + 1);
        assertThat(sent.get(before))
                .contains(qians.number(), "有效期至 " + lastDay, "还有 20 天到期")
                .contains("/holder")
                .doesNotContain(QIAN);

        reminders.remind(lastDay.minusDays(6));
        reminders.remind(lastDay.minusDays(5));
        assertThat(messages.to(QIAN_MOBILE)).hasSize(before + 2);
        assertThat(messages.to(QIAN_MOBILE).get(before + 1)).contains("还有 6 天到期");
        assertThat(jdbc.sql("select days_before from holder_reminder where licence_id = ? order by days_before desc")
                        .param(qians.licenceId())
                        .query(Integer.class)
                        .list())
                .containsExactly(30, 7);
        // ZHAO has no contact on record: no reminder, and nothing recorded as sent
        assertThat(jdbc.sql("""
                        select count(*) from holder_reminder r join licence l on l.id = r.licence_id
                        where l.holder_code = ?""").param(ZHAO).query(Integer.class).single()).isZero();
    }

    @Test
    @Order(7)
    void onAPhoneAHolderSignsInAndSeesTheirCertificatesInChineseAndInEnglish() throws Exception {
        String number = number(ZHOU, "11100000000013338W011", 0);
        var browser = Browser.phone();
        try {
            browser.get("http://localhost:" + port + "/holder");
            assertThat(browser.getTitle()).isEqualTo("本人查询");
            // typed as on a phone: the ID number in groups, the brackets full-width
            browser.findElement(By.id("idNumber"))
                    .sendKeys(ZHOU.substring(0, 6) + " " + ZHOU.substring(6, 14) + " " + ZHOU.substring(14));
            browser.findElement(By.id("name")).sendKeys("周雨");
            browser.findElement(By.id("number"))
                    .sendKeys(number.replace("(", "（").replace(")", "）"));
            Browser.clickThrough(browser, By.id("submit"));

            assertThat(browser.getTitle()).isEqualTo("我的证书");
            assertThat(browser.findElement(By.id("holder")).getText()).isEqualTo("周雨");
            assertThat(browser.findElement(By.id("id-number")).getText())
                    .isEqualTo(ZHOU.substring(0, 3) + "***********" + ZHOU.substring(14));
            assertThat(browser.findElement(By.cssSelector(".certificate .number"))
                            .getText())
                    .isEqualTo(number);
            assertThat(browser.findElement(By.cssSelector(".certificate .status"))
                            .getText())
                    .isEqualTo("有效");
            assertThat(browser.findElement(By.cssSelector(".certificate a.download"))
                            .getText())
                    .isEqualTo("下载证照文件（PDF）");
            assertThat(overflow(browser)).as("horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            Files.write(
                    SharedHub.ROOT.resolve("holder-certificates-phone.png"), browser.getScreenshotAs(OutputType.BYTES));

            browser.get("http://localhost:" + port + "/holder/certificates?lang=en");
            assertThat(browser.findElement(By.cssSelector(".certificate .name")).getText())
                    .isEqualTo(
                            "Certificate of Safety Production Qualification for Safety Management Staff of Construction "
                                    + "Enterprises");
            assertThat(browser.findElement(By.cssSelector(".certificate .status"))
                            .getText())
                    .isEqualTo("valid");
            assertThat(overflow(browser)).isLessThanOrEqualTo(0);
            Files.write(
                    SharedHub.ROOT.resolve("holder-certificates-phone-en.png"),
                    browser.getScreenshotAs(OutputType.BYTES));

            Browser.clickThrough(browser, By.id("sign-out"));
            assertThat(browser.getTitle()).isEqualTo("My certificates");
            assertThat(browser.findElement(By.id("submit")).getText()).isEqualTo("Sign in");
            browser.get("http://localhost:" + port + "/holder/certificates");
            assertThat(browser.getCurrentUrl()).endsWith("/holder");

            // in English from the start
            browser.findElement(By.id("idNumber")).sendKeys(ZHOU);
            browser.findElement(By.id("name")).sendKeys("周雨");
            browser.findElement(By.id("number")).sendKeys("nothing");
            Browser.clickThrough(browser, By.id("submit"));
            assertThat(browser.findElement(By.id("problem")).getText())
                    .isEqualTo(
                            "The ID number, name and certificate number do not match. Check them and try again, or ask "
                                    + "the issuing authority.");
            assertThat(overflow(browser)).isLessThanOrEqualTo(0);
            Files.write(
                    SharedHub.ROOT.resolve("holder-sign-in-phone-en.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    private static long overflow(org.openqa.selenium.chrome.ChromeDriver browser) {
        return (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
    }

    private int published(String idNumber) {
        return jdbc.sql("""
                select count(*) from licence_version v join licence l on l.id = v.licence_id
                where l.holder_code = ? and v.state = 'PUBLISHED'""").param(idNumber).query(Integer.class).single();
    }

    /** The holder's certificate number of the type, the {@code index}-th by licence. */
    private String number(String idNumber, String typeCode, int index) {
        return jdbc.sql("select number from licence where holder_code = ? and type_code = ? order by id")
                .params(idNumber, typeCode)
                .query(String.class)
                .list()
                .get(index);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** The page without its CSRF token, which differs from answer to answer by design. */
    private static String withoutToken(String page) {
        return page.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\" value=\"\"");
    }

    private HttpResponse<String> put(String path, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(("admin:" + HubHttp.ADMIN_PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .header(HubHttp.REQUESTED_BY, "certhub")
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** A browser without script: its own cookies, redirects not followed, forms posted with their CSRF token. */
    private final class Visitor {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> signIn(String idNumber, String name, String number) throws Exception {
            String form = get("/holder").body();
            return post("/holder", Map.of("idNumber", idNumber, "name", name, "number", number, "_csrf", csrfOf(form)));
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<byte[]> getBytes(String path) throws Exception {
            return http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = new HashMap<>(form)
                    .entrySet().stream()
                            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"));
            return http.send(
                    request(path)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String csrfOf(String page) {
            Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(token.find()).as("a form with a CSRF token").isTrue();
            return token.group(1);
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse(null);
        }

        void setCookie(String name, String value) {
            var cookie = new HttpCookie(name, value);
            cookie.setPath("/holder");
            cookie.setVersion(0);
            cookies.getCookieStore().add(URI.create("http://localhost:" + port + "/holder"), cookie);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        }
    }
}
