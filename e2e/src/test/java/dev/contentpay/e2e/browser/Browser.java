package dev.contentpay.e2e.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian chromium driven through its own chromedriver, at a phone's size, with a fresh
 * profile and download folder, saving a screenshot of every page a test passes through under
 * {@code e2e/target/screenshots/<test>/NN-<page>.png}.
 * <p>
 * Nothing is ever downloaded: the driver's path is given to the service, which makes Selenium skip
 * Selenium Manager altogether (it runs only to find a driver it was not told about).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A common phone: 390 x 844 CSS pixels. */
    static final int WIDTH = 390;
    static final int HEIGHT = 844;

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path screenshots;
    private final Path downloads;
    private int shots;
    /** The width pages are laid out at now: the phone's unless {@link #width} said otherwise. */
    private int width = WIDTH;
    /** Headers sent with every request besides the browser's own ({@link #header}). */
    private final Map<String, String> extraHeaders = new java.util.HashMap<>();

    private Browser(ChromeDriver driver, Path screenshots, Path downloads) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        this.screenshots = screenshots;
        this.downloads = downloads;
    }

    /**
     * Skips the calling test, saying what to install, when chromium or its driver is missing on a
     * developer's machine; in CI (environment variable CI=true, as .ci/run has it) their absence is
     * a failure, because .ci/run installs them.
     */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver); .ci/run installs them";
        if (present) return;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message + ", but they are missing in CI");
        Assumptions.abort("skipped: " + message);
    }

    static Browser open(String test, Path profile) {
        requireChromium();
        Path shotDir = Path.of("target", "screenshots", test);
        Path downloads = profile.resolve("downloads");
        try {
            deleteTree(shotDir);
            Files.createDirectories(shotDir);
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.resolve("chromium-profile").toAbsolutePath(), "--window-size=" + WIDTH + "," + HEIGHT);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false, "download.directory_upgrade", true, "safebrowsing.enabled", false));
        var driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        // A phone's viewport, whatever the smallest window the platform allows: layout, media
        // queries and screenshots all see 390 CSS pixels.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH, "height", HEIGHT,
                "deviceScaleFactor", 1, "mobile", true));
        return new Browser(driver, shotDir, downloads);
    }

    /**
     * Lays pages out {@code width} CSS pixels wide from now on: a phone's screen (touch, mobile
     * viewport) up to 600, a desktop window above. The page shown is laid out again in place.
     */
    void width(int width) {
        this.width = width;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", HEIGHT,
                "deviceScaleFactor", 1, "mobile", width <= 600));
    }

    /** Sends {@code header} as Accept-Language from now on, as a browser set to those languages does. */
    void acceptLanguage(String header) {
        header("Accept-Language", header);
    }

    /** Sends the header {@code name} with every request from now on (an operator's credentials); never again when {@code value} is null. */
    void header(String name, String value) {
        if (value == null) extraHeaders.remove(name);
        else extraHeaders.put(name, value);
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.copyOf(extraHeaders)));
    }

    /** Forgets every cookie of every site, as a new profile would have none. */
    void forgetCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    /** How many CSS pixels the elements matching {@code selector} hide sideways at most (0: none scrolls inside itself). */
    long hiddenSideways(String selector) {
        return ((Number) driver.executeScript("return Math.max(0, ...Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.scrollWidth - e.clientWidth));", selector)).longValue();
    }

    /** The page's language, as its {@code <html lang>} says. */
    String lang() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    /** Saves the whole page as laid out now into {@code file}. */
    void saveShot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, fullPage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The width the page is laid out at, in CSS pixels: a page wider than the phone would scroll sideways. */
    long layoutWidth() {
        return ((Number) driver.executeScript("return document.documentElement.scrollWidth")).longValue();
    }

    void go(String url, String page) {
        driver.get(url);
        shot(page);
    }

    /** Clicks something that loads a new page, waits until the address contains {@code landing}, then photographs it. */
    void click(By element, String landing, String page) {
        navigate(() -> driver.findElement(element).click(), landing, page);
    }

    /** Presses keys on the focused element that load a new page (Enter on a button or link), as {@link #click} does. */
    void press(CharSequence key, String landing, String page) {
        navigate(() -> driver.switchTo().activeElement().sendKeys(key), landing, page);
    }

    /**
     * Runs an action that loads a new page and waits for that page: the old document must be gone
     * first, or a wait on an address that did not change (a form posting back to its own page)
     * would pass on the old one.
     */
    private void navigate(Runnable action, String landing, String page) {
        // A mark on the old document; a new page is a new document without it. (WebDriver's scripts
        // are not the page's: the pages' script-src 'none' does not stop them.)
        driver.executeScript("document.contentpayOldPage = true;");
        action.run();
        wait.until(d -> newPageLoaded());
        wait.until(ExpectedConditions.urlContains(landing));
        shot(page);
    }

    /** While the browser is between two documents a script may fail to run at all: that is "not yet". */
    private boolean newPageLoaded() {
        try {
            return Boolean.TRUE.equals(driver.executeScript(
                    "return document.contentpayOldPage !== true && document.readyState === 'complete';"));
        } catch (org.openqa.selenium.WebDriverException e) {
            return false;
        }
    }

    /** Presses keys on whatever has the focus, as a keyboard user would. */
    void keys(CharSequence... keys) {
        driver.switchTo().activeElement().sendKeys(keys);
    }

    /** Tabs forward until the focus is on {@code element} (at most {@code limit} presses); false if it never gets there. */
    boolean tabTo(By element, int limit) {
        WebElement target = driver.findElement(element);
        for (int i = 0; i < limit; i++) {
            driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            if (driver.switchTo().activeElement().equals(target)) return true;
        }
        return false;
    }

    /** The focused element's outline as the browser draws it, to see that focus is visible. */
    String focusOutline() {
        return (String) driver.executeScript("var s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;");
    }

    /** Runs a script in the page (WebDriver's scripts are not the page's: its script-src 'none' does not stop them). */
    Object run(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Runs a script that answers by calling its last argument, waiting up to a minute. */
    Object runAsync(String script, Object... args) {
        driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(1));
        return driver.executeAsyncScript(script, args);
    }

    void reload() {
        driver.navigate().refresh();
    }

    void type(By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    void tick(By checkbox) {
        WebElement box = driver.findElement(checkbox);
        if (!box.isSelected()) box.click();
    }

    /** The values of the cookies this browser would send to the page it shows (HttpOnly ones too). */
    List<String> cookieValues() {
        return driver.manage().getCookies().stream().map(org.openqa.selenium.Cookie::getValue).filter(v -> !v.isEmpty()).toList();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String html() {
        return driver.getPageSource();
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    /** The file chromium saved into the download folder, once complete. */
    byte[] awaitDownload(String fileName) {
        Path file = downloads.resolve(fileName);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file) && !Files.exists(downloads.resolve(fileName + ".crdownload"))) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sleep(100);
        }
        throw new AssertionError("chromium saved no " + fileName + " in " + downloads + " within 15 s; it holds " + list(downloads));
    }

    /**
     * Saves the whole page, not just the phone's screen, as NN-page.png (through the DevTools
     * protocol, which captures beyond the viewport; the plain screenshot is the fallback).
     */
    void shot(String page) {
        long laidOut = layoutWidth();
        if (laidOut > width) {
            throw new AssertionError("the page " + page + " is " + laidOut + " px wide: a screen " + width + " px wide would scroll sideways");
        }
        shots++;
        Path file = screenshots.resolve(String.format("%02d-%s.png", shots, page));
        try {
            Files.write(file, fullPage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] fullPage() {
        try {
            var metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
            double height = Math.max(HEIGHT, ((Number) metrics.get("height")).doubleValue());
            var clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
            var shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static String list(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
