package io.ticketbooking.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hostile-input tests share: the rule every refusal obeys (a 4xx problem with a
 * stable code, never a 5xx), a snapshot of what is stored in Postgres and S3 to show a
 * refused request stored nothing, and a log of every outcome for docs/reliability.md.
 */
abstract class HostileFixture extends SecurityFixture {

	/** Tables a request could write to; tickets are left out (issued asynchronously). */
	private static final List<String> TABLES = List.of("users", "refresh_tokens", "events", "ticket_types",
			"inventory_units", "orders", "payments", "payment_webhook_events");

	private static final List<String> OUTCOMES = new ArrayList<>();

	@Autowired
	S3Client s3;

	@Value("${storage.bucket}")
	String bucket;

	/** Row counts and the uploaded objects (avatars, event images). */
	record Stored(Map<String, Long> rows, Set<String> objects) {
	}

	Stored stored() {
		Map<String, Long> rows = new LinkedHashMap<>();
		TABLES.forEach((table) -> rows.put(table, count("select count(*) from " + table)));
		return new Stored(rows, objects());
	}

	Set<String> objects() {
		Set<String> keys = new TreeSet<>();
		for (String prefix : List.of("avatars/", "events/")) {
			this.s3.listObjectsV2Paginator((b) -> b.bucket(this.bucket).prefix(prefix))
				.contents()
				.stream()
				.map(S3Object::key)
				.forEach(keys::add);
		}
		return keys;
	}

	void assertNothingStored(Stored before) {
		assertThat(stored()).as("refused requests store nothing").isEqualTo(before);
	}

	/**
	 * The answer is a 4xx problem document with one of the codes; the outcome is kept for
	 * the report.
	 */
	Answer refused(String what, Answer answer, int status, String... codes) {
		record(what, answer);
		assertThat(answer.status()).as(what + " → " + answer).isEqualTo(status);
		assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
		assertThat(answer.json().path("code").asString()).as(what + " → " + answer).isIn((Object[]) codes);
		assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SQL");
		return answer;
	}

	void record(String what, Answer answer) {
		String code = answer.contentType().startsWith("application/problem+json")
				? answer.json().path("code").asString() : answer.contentType() + shortBody(answer);
		OUTCOMES.add("| " + what.replace("|", "\\|") + " | " + answer.status() + " " + code + " |");
	}

	private static String shortBody(Answer answer) {
		String text = answer.text().replaceAll("\\s+", " ").trim();
		return text.isEmpty() || answer.status() < 400 ? ""
				: " `" + ((text.length() > 80) ? text.substring(0, 80) + "…" : text) + "`";
	}

	@AfterEach
	void serviceStaysUp() {
		assertThat(http().get("/ping").execute().text()).isEqualTo("pong");
	}

	@AfterAll
	static void printOutcomes() {
		System.out.println("Hostile input outcomes:\n" + String.join("\n", OUTCOMES));
		OUTCOMES.clear();
	}

}
