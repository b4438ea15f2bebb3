package io.ticketbooking.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.ticketbooking.support.AtOnce;
import io.ticketbooking.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: presale codes on two instances. Uses are counted inside the gate, so a
 * single-use code tried 50 times at once through both instances makes one reservation,
 * and a shared code of 100 uses exactly 100.
 * <p>
 * Runs in the faults profile; report: {@code target/faults/presale.md}.
 */
class PresaleIT {

	static final Path OUT = Path.of("target", "faults");

	static Fleet fleet;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		Deployment.assertServicesNamed("run with the machine's services named, see docs/reliability.md");
		fleet = Fleet.start(List.of("presale-first", "presale-second"), Duration.ofMinutes(10), OUT,
				Duration.ofSeconds(120));
	}

	@AfterAll
	static void stop() throws Exception {
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	void codesAreUsedExactlyAsOftenAsTheyAllowThroughBothInstances() throws Exception {
		ServiceInstance first = fleet.instances.get(0);
		ServiceInstance second = fleet.instances.get(1);
		Sale sale = Sale.open(first, 1_000, 2, 75);
		String single = codes(first, sale, Map.of("kind", "SINGLE_USE", "count", 1)).get(0);
		String shared = codes(first, sale, Map.of("kind", "SHARED", "maxUses", 100)).get(0);

		Http one = new Http(first.port);
		Http other = new Http(second.port);
		// 50 buyers with the single-use code, in turn through both instances, at once
		List<Integer> singleAnswers = AtOnce.run(50,
				(i) -> reserve((i % 2 == 0) ? one : other, sale.buyers().get(i).token(), sale, single));
		// 75 buyers twice with the shared code of 100 uses: 150 tries
		List<Integer> sharedAnswers = AtOnce.run(150,
				(i) -> reserve((i % 2 == 0) ? one : other, sale.buyers().get(i / 2).token(), sale, shared));

		long singleWon = singleAnswers.stream().filter((s) -> s == 201).count();
		long sharedWon = sharedAnswers.stream().filter((s) -> s == 201).count();
		int slots = claimedSlots(sale.eventId());
		Reports.write(OUT.resolve("presale.md"), List.of("# Presale codes on two instances", "",
				"| code | tries (alternating instances, at once) | reservations | other answers |", "|---|---|---|---|",
				"| single-use | 50 | " + singleWon + " | " + statuses(singleAnswers) + " |",
				"| shared, 100 uses | 150 | " + sharedWon + " | " + statuses(sharedAnswers) + " |", "",
				"Use slots claimed in PostgreSQL: " + slots + "."));
		assertThat(singleWon).isEqualTo(1);
		assertThat(sharedWon).isEqualTo(100);
		assertThat(singleAnswers).filteredOn((s) -> s != 201).allMatch((s) -> s == 409);
		assertThat(sharedAnswers).filteredOn((s) -> s != 201).allMatch((s) -> s == 409);
		assertThat(slots).isEqualTo(101);
	}

	private static List<String> codes(ServiceInstance instance, Sale sale, Map<String, Object> batch) {
		Map<String, Object> request = new HashMap<>(batch);
		request.put("ticketTypeIds", List.of(sale.ticketTypeId()));
		request.put("startsAt", Instant.now().minus(Duration.ofMinutes(1)).toString());
		request.put("endsAt", Instant.now().plus(Duration.ofHours(1)).toString());
		List<String> codes = new ArrayList<>();
		new Http(instance.port).post("/api/v1/events/" + sale.eventId() + "/presale-codes", request)
			.bearer(sale.organizerToken())
			.execute()
			.assertStatus(201)
			.json()
			.path("codes")
			.forEach((code) -> codes.add(code.asString()));
		return codes;
	}

	private static int reserve(Http http, String token, Sale sale, String code) {
		return http
			.post("/api/v1/orders", Map.of("eventId", sale.eventId(), "ticketTypeId", sale.ticketTypeId(), "quantity",
					1, "accessCode", code))
			.bearer(token)
			.execute()
			.status();
	}

	private static String statuses(List<Integer> answers) {
		Map<Integer, Long> counted = new TreeMap<>();
		answers.stream().filter((s) -> s != 201).forEach((s) -> counted.merge(s, 1L, Long::sum));
		return counted.isEmpty() ? "none" : counted.toString();
	}

	private static int claimedSlots(UUID eventId) throws Exception {
		try (Connection db = Database.connect();
				PreparedStatement count = db.prepareStatement(
						"select count(*) from presale_code_slots where event_id = ? and order_id is not null")) {
			count.setObject(1, eventId);
			try (ResultSet rs = count.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

}
