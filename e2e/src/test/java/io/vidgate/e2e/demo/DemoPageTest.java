package io.vidgate.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.Session;
import io.vidgate.e2e.browser.BrowserStack;
import io.vidgate.e2e.browser.Chromium;
import io.vidgate.e2e.browser.Eventually;
import io.vidgate.e2e.browser.HarnessPage;
import io.vidgate.e2e.browser.RequiresChromium;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The demo as a developer tries it after {@code bin/vidgate-dev}: the page in two tabs of one Chromium, each joining
 * the same session under its own name, each seeing the other's video; then one leaves. Screenshots of both tabs go
 * to {@code e2e/target/screenshots/}.
 */
@RequiresChromium
@RequiresCoturn
@ExtendWith(BrowserStack.Extension.class)
class DemoPageTest {

    static final Path SCREENSHOTS = StackProcesses.ROOT.resolve("e2e/target/screenshots");
    private static BrowserStack env;

    @BeforeAll
    static void stack(BrowserStack stack) {
        env = stack;
    }

    @Test
    void twoTabsJoinTheSameSessionAndSeeEachOther() throws Exception {
        String sessionName = "demo-" + ThreadLocalRandom.current().nextInt(1_000_000);
        Chromium browser = env.browser("demo");
        RemoteWebDriver driver = browser.driver();
        driver.get(env.stack().demoUrl());
        String aliceTab = driver.getWindowHandle();
        join(driver, sessionName, "Alice");
        driver.switchTo().newWindow(WindowType.TAB).get(env.stack().demoUrl());
        String bobTab = driver.getWindowHandle();
        join(driver, sessionName, "Bob");

        awaitRemoteVideo(driver, "Alice");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("In session " + sessionName + " as Bob");
        assertThat(driver.findElement(By.id("join-button")).isDisplayed()).as("the form is gone during the call").isFalse();
        browser.screenshot(SCREENSHOTS.resolve("demo-bob-tab.png"));
        driver.switchTo().window(aliceTab);
        awaitRemoteVideo(driver, "Bob");
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("In session " + sessionName + " as Alice");
        browser.screenshot(SCREENSHOTS.resolve("demo-alice-tab.png"));

        // The demo's backend got both tokens from the internal listener, for the session the page named.
        env.openVidu().fetch();
        Session session = env.openVidu().getActiveSession(sessionName);
        assertThat(session).as("session " + sessionName + " seen by the backend").isNotNull();
        assertThat(session.getActiveConnections()).extracting(Connection::getClientData)
                .containsExactlyInAnyOrder("{\"clientData\":\"Alice\"}", "{\"clientData\":\"Bob\"}");

        // Bob leaves: his tab shows the form again, and his video goes from Alice's.
        driver.switchTo().window(bobTab);
        driver.findElement(By.id("leave-button")).click();
        assertThat(driver.findElement(By.id("join-button")).isDisplayed()).as("the form is back").isTrue();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("You left the session");
        driver.switchTo().window(aliceTab);
        Eventually.until("Bob's video gone from Alice's tab", HarnessPage.EVENT_TIMEOUT,
                () -> driver.findElements(By.cssSelector("#videos .tile.remote")).size(), count -> count == 0);
        driver.findElement(By.id("leave-button")).click();
        driver.switchTo().window(bobTab).close();
        driver.switchTo().window(aliceTab);
    }

    private static void join(RemoteWebDriver driver, String sessionName, String userName) {
        driver.findElement(By.id("session-name")).clear();
        driver.findElement(By.id("session-name")).sendKeys(sessionName);
        driver.findElement(By.id("user-name")).clear();
        driver.findElement(By.id("user-name")).sendKeys(userName);
        driver.findElement(By.id("join-button")).click();
    }

    /** The remote tile captioned {@code name} plays video: a size, and frames presented that keep increasing. */
    private static void awaitRemoteVideo(RemoteWebDriver driver, String name) {
        String probe = """
                const tile = [...document.querySelectorAll('#videos .tile.remote')]
                    .find(t => t.querySelector('figcaption').textContent === arguments[0]);
                const video = tile && tile.querySelector('video');
                return video ? {width: video.videoWidth, frames: video.getVideoPlaybackQuality().totalVideoFrames} : null;
                """;
        Map<?, ?> first = Eventually.until(name + "'s video plays", HarnessPage.MEDIA_TIMEOUT,
                () -> (Map<?, ?>) driver.executeScript(probe, name),
                v -> v != null && ((Number) v.get("width")).longValue() > 0 && ((Number) v.get("frames")).longValue() > 0);
        long frames = ((Number) first.get("frames")).longValue();
        Eventually.until(name + "'s video keeps playing", Duration.ofSeconds(15),
                () -> (Map<?, ?>) driver.executeScript(probe, name),
                v -> ((Number) v.get("frames")).longValue() > frames + 5);
    }
}
