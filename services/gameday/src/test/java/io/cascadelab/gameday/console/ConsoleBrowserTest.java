package io.cascadelab.gameday.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.cascadelab.gameday.run.GameDayView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The console in a real headless Chromium (Debian's, driven by chromedriver): it renders the live state,
 * and pressing a runbook button changes what it shows without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cascade.gameday.probe.enabled=false"})
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TestConfiguration
    static class Fake {
        @Bean
        @Primary
        FakeGameDay fakeGameDay() {
            return new FakeGameDay();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    GameDayView view;

    @TempDir
    Path profile;

    @Test
    void aRunbookButtonChangesTheLiveConsole() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian chromium and chromium-driver are not installed (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get("http://127.0.0.1:" + port + "/");
            wait.until(b -> b.findElement(By.id("connection")).getText().equals("live"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=current-phase]")).getText())
                    .contains("4-nlb-flapping");
            assertThat(browser.findElement(By.cssSelector("[data-testid=value-azsInDns]")).getText()).isEqualTo("2");
            assertThat(browser.findElements(By.cssSelector("#charts figure"))).hasSize(15);
            assertThat(browser.findElement(By.cssSelector("[data-fault=network-manager-latency]")).getText())
                    .contains("network-manager");
            assertThat(browser.findElements(By.cssSelector("[data-event='runbook.nlb-failover']"))).isEmpty();

            browser.findElement(By.cssSelector("button[data-runbook=nlb-failover][data-argument=disable]")).click();

            wait.until(b -> b.findElement(By.cssSelector("[data-testid=outcome]")).getText().equals("nlb-failover: nlb ok"));
            // The live stream, not a reload, brings the operator's action and its effect.
            wait.until(b -> !b.findElements(By.cssSelector("#timeline [data-event='runbook.nlb-failover']")).isEmpty());
            wait.until(b -> b.findElement(By.cssSelector("[data-testid=value-azsInDns]")).getText().equals("3"));
            assertThat(browser.findElement(By.cssSelector("[data-testid=current-phase]")).getText()).isEmpty();
            assertThat(((FakeGameDay) view).runbookCalls).isEqualTo(1);
        } finally {
            browser.quit();
        }
    }
}
