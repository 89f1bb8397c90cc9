package io.vidgate.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;

import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.turn.testing.RequiredBinaries;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A headless Chromium with a fake camera and microphone, driven through chromedriver — Debian's
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, given to Selenium explicitly, so Selenium never looks
 * for or downloads a driver. chromedriver is this test's child process, so
 * {@link #kill()} can take the browser down the way a crashed or killed tab goes: no unload handler, no close frame.
 */
public final class Chromium implements AutoCloseable {

    /** Debian's, always: Selenium is told where they are, so it never looks for (or downloads) others. */
    public static final String BROWSER = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String name;
    private final Process chromedriver;
    private final RemoteWebDriver driver;

    private Chromium(String name, Process chromedriver, RemoteWebDriver driver) {
        this.name = name;
        this.chromedriver = chromedriver;
        this.driver = driver;
    }

    /** Starts chromedriver and one browser; chromedriver's log goes to {@code logs/<name>-chromedriver.log}. */
    public static Chromium start(String name, Path logs) {
        return start(name, logs, List.of());
    }

    /** As {@link #start(String, Path)}, with more Chromium command-line switches. */
    public static Chromium start(String name, Path logs, List<String> extraArguments) {
        RequiredBinaries.require("chromium chromium-driver", BROWSER, DRIVER);
        Process chromedriver = null;
        try {
            Files.createDirectories(logs);
            int port = StackProcesses.freePort();
            chromedriver = new ProcessBuilder(DRIVER, "--port=" + port, "--allowed-ips=127.0.0.1",
                    "--log-path=" + logs.resolve(name + "-chromedriver.log"))
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + "-chromedriver.out").toFile())
                    .start();
            URI url = URI.create("http://127.0.0.1:" + port);
            awaitReady(chromedriver, url);
            RemoteWebDriver driver = new RemoteWebDriver(url.toURL(), options(extraArguments), false);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(name, chromedriver, driver);
        } catch (IOException e) {
            destroyTree(chromedriver);
            throw new UncheckedIOException("cannot start chromedriver for " + name, e);
        } catch (RuntimeException | InterruptedException e) {
            destroyTree(chromedriver);
            throw new IllegalStateException("cannot start Chromium for " + name + ": " + e.getMessage(), e);
        }
    }

    private static ChromeOptions options(List<String> extraArguments) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new",
                // A fake camera (a moving test pattern) and microphone, granted without a prompt.
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                // Remote videos play without a click, as they would after the user's click on "Join".
                "--autoplay-policy=no-user-gesture-required",
                // Real host candidates instead of mDNS names, which the Kurento side cannot resolve.
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                // Several browsers share two cores: nobody's timers or rendering are throttled as "in background".
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--mute-audio",
                "--window-size=1280,800");
        if (runningAsRoot()) {
            options.addArguments("--no-sandbox");
        }
        options.addArguments(extraArguments);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return options;
    }

    public RemoteWebDriver driver() {
        return driver;
    }

    public String name() {
        return name;
    }

    /** What the page wrote to its console so far (not returned again), one line per entry. */
    public String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString).collect(Collectors.joining("\n"));
        } catch (RuntimeException gone) {
            return "<console not available: " + gone.getMessage() + ">";
        }
    }

    /** Saves a PNG of the window. */
    public Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The browser dies at once (SIGKILL to every process chromedriver started, then to chromedriver). */
    public void kill() {
        destroyTree(chromedriver);
    }

    public boolean alive() {
        return chromedriver.isAlive();
    }

    @Override
    public void close() {
        if (chromedriver.isAlive()) {
            try {
                driver.quit();
            } catch (RuntimeException alreadyGone) {
                // killed, or chromedriver no longer answers: the processes go below
            }
        }
        destroyTree(chromedriver);
    }

    private static void destroyTree(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            child.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(stuck -> null).join();
        }
    }

    private static void awaitReady(Process chromedriver, URI url) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!chromedriver.isAlive()) {
                throw new IllegalStateException("chromedriver exited with " + chromedriver.exitValue());
            }
            try {
                HttpResponse<String> status = client.send(HttpRequest.newBuilder(url.resolve("/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && status.body().contains("\"ready\":true")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver not ready within " + STARTUP);
    }

    private static boolean runningAsRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    @Override
    public String toString() {
        return "Chromium[" + name + "]";
    }
}
