package org.certhub.testing;

import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven by its chromedriver: a real browser for the pages. */
public final class Browser {

    private Browser() {}

    /** A phone-sized headless Chromium; skipped (or failed under CERTHUB_SERVICES=required) without one. */
    public static ChromeDriver phone() {
        return phone(new String[0]);
    }

    /**
     * A phone whose camera films a still picture: the frame of a Y4M video file, which Chromium's fake capture
     * device plays in a loop; the page is granted the camera without asking.
     */
    public static ChromeDriver phoneFilming(Path y4m) {
        return phone(
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + y4m.toAbsolutePath());
    }

    /**
     * Clicks what submits a form or follows a link, and returns once the next page has loaded: a click returns as
     * soon as Chromium has the click, which on a busy machine can be before the navigation has begun.
     */
    public static void clickThrough(ChromeDriver browser, org.openqa.selenium.By what) {
        org.openqa.selenium.WebElement page = browser.findElement(org.openqa.selenium.By.tagName("html"));
        browser.findElement(what).click();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    try {
                        page.isDisplayed();
                        return false;
                    } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                        return "complete".equals(browser.executeScript("return document.readyState"));
                    }
                });
    }

    private static ChromeDriver phone(String... extraArguments) {
        Path chromium = Services.requireTool("chromium");
        Path driver = Services.requireTool("chromedriver");
        var options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=390,844",
                "--lang=zh-CN");
        options.addArguments(extraArguments);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
