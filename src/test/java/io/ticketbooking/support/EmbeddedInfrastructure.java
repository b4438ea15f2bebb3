package io.ticketbooking.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.qpid.server.SystemLauncher;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL, Redis, an AMQP 0-9-1 broker and an S3 API, started in (or beside) this
 * JVM for tests and for the no-Docker local run. A part whose environment variable names
 * an external service ({@code DB_HOST}, {@code REDIS_HOST} or
 * {@code REDIS_CLUSTER_NODES}, {@code RABBITMQ_URL}, {@code S3_ENDPOINT}) is not started:
 * the application then reads that variable as usual.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	static final String S3_ACCESS_KEY = "embedded-access-key";

	static final String S3_SECRET_KEY = "embedded-secret-key";

	private static EmbeddedInfrastructure shared;

	private final Map<String, String> properties = new LinkedHashMap<>();

	private final List<AutoCloseable> running = new ArrayList<>();

	private GreenMail mail;

	private EmbeddedInfrastructure() {
	}

	/** One stack per JVM for the test suite, transient, stopped when the JVM exits. */
	public static synchronized EmbeddedInfrastructure shared() {
		if (shared == null) {
			shared = start(null);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-infrastructure-stop"));
		}
		return shared;
	}

	/**
	 * Starts what the environment does not name.
	 * @param dataDir where data survives restarts, or {@code null} for a transient stack
	 */
	public static EmbeddedInfrastructure start(Path dataDir) {
		EmbeddedInfrastructure infra = new EmbeddedInfrastructure();
		try {
			if (absent("DB_HOST")) {
				infra.startPostgres(dataDir);
			}
			if (absent("REDIS_HOST") && absent("REDIS_CLUSTER_NODES")) {
				infra.startRedis(dataDir);
			}
			if (absent("RABBITMQ_URL")) {
				infra.startBroker(dataDir);
			}
			if (absent("S3_ENDPOINT")) {
				infra.startS3(dataDir);
			}
			if (absent("MAIL_HOST")) {
				infra.startMail();
			}
		}
		catch (Exception ex) {
			infra.close();
			throw new IllegalStateException("Could not start the embedded infrastructure", ex);
		}
		return infra;
	}

	/** Spring properties that point the application at what was started here. */
	public Map<String, String> properties() {
		return Map.copyOf(this.properties);
	}

	/**
	 * The embedded SMTP and IMAP server, or null when {@code MAIL_HOST} names a relay.
	 */
	public GreenMail mail() {
		return this.mail;
	}

	/** The embedded Redis port, or -1 when an external Redis is used. */
	public int redisPort() {
		return Integer.parseInt(this.properties.getOrDefault("spring.data.redis.port", "-1"));
	}

	private void startPostgres(Path dataDir) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(Ports.free());
		if (dataDir != null) {
			Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
			builder.setDataDirectory(pgData).setCleanDataDirectory(false);
		}
		EmbeddedPostgres postgres = builder.start();
		this.running.add(postgres);
		this.properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
		this.properties.put("spring.datasource.username", "postgres");
		this.properties.put("spring.datasource.password", "");
		log.info("Embedded PostgreSQL on port {}", postgres.getPort());
	}

	private void startRedis(Path dataDir) throws IOException {
		int port = Ports.free();
		var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
		if (dataDir != null) {
			Path redisData = Files.createDirectories(dataDir.resolve("redis"));
			builder.setting("dir " + redisData.toAbsolutePath()).setting("appendonly yes");
		}
		else {
			builder.setting("appendonly no");
		}
		RedisServer redis = builder.build();
		redis.start();
		this.running.add(redis::stop);
		this.properties.put("spring.data.redis.host", "127.0.0.1");
		this.properties.put("spring.data.redis.port", String.valueOf(port));
		this.properties.put("spring.data.redis.password", "");
		log.info("Embedded Redis on port {}", port);
	}

	private void startBroker(Path dataDir) throws Exception {
		int port = Ports.free();
		Path work = (dataDir != null) ? Files.createDirectories(dataDir.resolve("qpid"))
				: Files.createTempDirectory("qpid");
		Map<String, Object> context = new HashMap<>();
		context.put("qpid.amqp_port", port);
		context.put("qpid.work_dir", work.toAbsolutePath().toString());
		// RabbitMQ-only queue arguments (x-queue-type, x-dead-letter-*) would close the
		// connection
		context.put("queue.behaviourOnUnknownDeclareArgument", "IGNORE");
		context.put("virtualhost.connectionThreadPool.size", 8);
		context.put("virtualhost.connectionThreadPool.numberOfSelectors", 1);
		context.put("qpid.port.amqp.threadPool.size", 2);
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("type", "Memory");
		attributes.put("initialConfigurationLocation",
				EmbeddedInfrastructure.class.getResource("/embedded-qpid.json").toExternalForm());
		attributes.put("startupLoggedToSystemOut", false);
		attributes.put("context", context);
		SystemLauncher broker = new SystemLauncher();
		broker.startup(attributes);
		this.running.add(broker::shutdown);
		this.properties.put("spring.rabbitmq.addresses", "amqp://guest:guest@127.0.0.1:" + port);
		this.properties.put("messaging.queue-type", "classic");
		log.info("Embedded AMQP 0-9-1 broker (Qpid Broker-J) on port {}", port);
	}

	private void startS3(Path dataDir) throws Exception {
		var blobStore = (dataDir != null)
				? new FilesystemNio2BlobStore(
						Files.createDirectories(dataDir.resolve("s3")).toAbsolutePath().toString())
				: new TransientNio2BlobStore();
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(blobStore)
			.endpoint(URI.create("http://127.0.0.1:" + Ports.free()))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
			.build();
		proxy.start();
		for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
			Thread.sleep(25);
		}
		this.running.add(proxy::stop);
		String endpoint = "http://127.0.0.1:" + proxy.getPort();
		this.properties.put("storage.endpoint", endpoint);
		this.properties.put("storage.public-endpoint", endpoint);
		this.properties.put("storage.access-key", S3_ACCESS_KEY);
		this.properties.put("storage.secret-key", S3_SECRET_KEY);
		this.properties.put("storage.region", "us-east-1");
		log.info("Embedded S3 API (s3proxy) at {}", endpoint);
	}

	/**
	 * GreenMail: a real SMTP server (what the service sends to) and IMAP server (to read
	 * it with any mail client; every address has a mailbox, any password opens it).
	 * Messages are kept in memory.
	 */
	private void startMail() {
		ServerSetup smtp = new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		ServerSetup imap = new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
		// its default of 2 s was seen too short while the CI's other JVMs loaded both
		// cores
		smtp.setServerStartupTimeout(Duration.ofSeconds(30).toMillis());
		imap.setServerStartupTimeout(Duration.ofSeconds(30).toMillis());
		this.mail = new GreenMail(new ServerSetup[] { smtp, imap })
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		this.mail.start();
		this.running.add(this.mail::stop);
		this.properties.put("spring.mail.host", "127.0.0.1");
		this.properties.put("spring.mail.port", String.valueOf(smtp.getPort()));
		log.info("Embedded mail server (GreenMail): SMTP on port {}, IMAP on port {}", smtp.getPort(), imap.getPort());
	}

	@Override
	public void close() {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			try {
				this.running.get(i).close();
			}
			catch (Exception ex) {
				log.warn("Stopping an embedded part failed: {}", ex.getMessage());
			}
		}
		this.running.clear();
	}

	private static boolean absent(String variable) {
		String value = System.getenv(variable);
		return value == null || value.isBlank();
	}

}
