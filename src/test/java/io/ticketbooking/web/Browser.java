package io.ticketbooking.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium per test class, driven by the system's chromedriver. Nothing is
 * downloaded: the browser and driver paths are given explicitly, so Selenium Manager
 * never runs. Without them the tests fail and say how to install them.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

	/**
	 * Installed before any page script runs (CDP scripts are not subject to the page's
	 * CSP): records CSP violations and script errors so tests can assert there are none.
	 */
	private static final String WATCHER = """
			window.__problems = [];
			addEventListener('securitypolicyviolation',
			  (e) => window.__problems.push('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI));
			addEventListener('error', (e) => window.__problems.push('error ' + e.message));
			addEventListener('unhandledrejection', (e) => window.__problems.push('rejection ' + e.reason));
			""";

	final ChromeDriver driver;

	final Path downloads;

	private final Path profile;

	private final String base;

	private Browser(String base) throws IOException {
		this.base = base;
		this.profile = Files.createTempDirectory("tb-chromium-profile");
		this.downloads = Files.createTempDirectory("tb-downloads");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + this.profile, "--window-size=1280,900", "--lang=en-US");
		options.setExperimentalOption("prefs", Map.of("download.default_directory", this.downloads.toString(),
				"download.prompt_for_download", false, "intl.accept_languages", "en-US"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", this.downloads.toString()));
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCHER));
	}

	static Browser start(int port) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("The browser tests need Chromium at " + CHROMIUM + " and chromedriver at "
					+ CHROMEDRIVER + ". Install both with: sudo apt-get install -y chromium chromium-driver"
					+ " (or point CHROMIUM_BIN and CHROMEDRIVER_BIN at them).");
		}
		try {
			return new Browser("http://127.0.0.1:" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Opens a path of the app; a fresh page with the problem watcher installed. */
	void open(String path) {
		this.driver.get(this.base + path);
	}

	/** Signs out by forgetting the stored tokens (each test starts anonymous). */
	void forgetSession() {
		open("/ping");
		this.driver.executeScript("localStorage.clear()");
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	void type(String css, String text) {
		WebElement input = await((d) -> {
			WebElement e = find(css);
			return e.isDisplayed() ? e : null;
		});
		input.clear();
		input.sendKeys(text);
	}

	void click(String css) {
		await((d) -> {
			WebElement e = find(css);
			return (e.isDisplayed() && e.isEnabled()) ? e : null;
		}).click();
	}

	String text(String css) {
		return find(css).getText();
	}

	/** Waits until the element shows the text (or a part of it). */
	void awaitText(String css, String expected) {
		await((d) -> {
			List<WebElement> found = findAll(css);
			return !found.isEmpty() && found.getFirst().getText().contains(expected);
		}, () -> "waited for '" + expected + "' in " + css + "; page says: " + bodyText());
	}

	void awaitVisible(String css) {
		await((d) -> findAll(css).stream().anyMatch(WebElement::isDisplayed),
				() -> "waited for " + css + " to show; page says: " + bodyText());
	}

	String bodyText() {
		try {
			return find("body").getText();
		}
		catch (RuntimeException ex) {
			return "(no page)";
		}
	}

	<T> T await(Function<WebDriver, T> condition) {
		return await(condition, () -> "waited on " + this.driver.getCurrentUrl() + "; page says: " + bodyText());
	}

	<T> T await(Function<WebDriver, T> condition, Supplier<String> message) {
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(20), Duration.ofMillis(100));
		wait.withMessage(message);
		wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class);
		return wait.until((driver) -> {
			try {
				return condition.apply(driver);
			}
			catch (WebDriverException ex) {
				// Chromium's other word for a stale element: the page replaced it between
				// finding and reading it (seen once in 15 runs of a page that redraws)
				if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
					return null;
				}
				throw ex;
			}
		});
	}

	/** The current page ran without CSP violations or script errors. */
	void assertNoPageProblems() {
		Object problems = this.driver.executeScript("return window.__problems || []");
		assertThat((List<?>) problems).as("CSP violations and script errors on " + this.driver.getCurrentUrl())
			.isEmpty();
	}

	/** A whole-page PNG at the given width. */
	byte[] screenshot(int width) {
		this.driver.manage().window().setSize(new Dimension(width, 900));
		long height = ((Number) this.driver.executeScript("return document.documentElement.scrollHeight")).longValue();
		this.driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
		byte[] png = this.driver.getScreenshotAs(OutputType.BYTES);
		this.driver.manage().window().setSize(new Dimension(1280, 900));
		return png;
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			delete(this.profile);
			delete(this.downloads);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is harmless
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
