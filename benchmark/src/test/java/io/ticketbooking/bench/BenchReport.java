package io.ticketbooking.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Gatling report into a Markdown table per request name (one per step): count, KO,
 * throughput, p50, p99, p99.9, max, and whether the step held p99 ≤ 20 ms. Gatling 3.15 keeps its
 * statistics only in the report's HTML table, so this reads that table.
 */
public final class BenchReport {

	private static final Pattern ROW = Pattern.compile(
			"class=\"ellipsed-name\">([^<]+)</span>(.*?)</tr>", Pattern.DOTALL);

	private static final Pattern CELL = Pattern.compile("<td class=\"value[^\"]*col-(\\d+)\">([^<]*)</td>");

	private BenchReport() {
	}

	public static void main(String[] args) throws Exception {
		String html = Files.readString(Path.of(args[0]).resolve("index.html"));
		double stepSeconds = (args.length > 1) ? Double.parseDouble(args[1]) : 0;
		System.out.println("| step | requests | KO | answered OK per s | p50 ms | p99 ms | p99.9 ms | max ms | held: p99 ≤ 20 ms, no KO |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
		List<String> seen = new ArrayList<>();
		Matcher row = ROW.matcher(html);
		while (row.find()) {
			String name = row.group(1).trim();
			if (seen.contains(name)) {
				continue;
			}
			seen.add(name);
			String[] cells = new String[15];
			Matcher cell = CELL.matcher(row.group(2));
			while (cell.find()) {
				cells[Integer.parseInt(cell.group(1))] = cell.group(2).trim();
			}
			if (cells[2] == null) {
				continue;
			}
			// columns: 2 total, 3 OK, 4 KO, 5 %KO, 6 req/s over the whole run, 7 min, 8 p50, 9 p99,
			// 10 p99.9, 11 p100, 12 max, 13 mean, 14 std dev
			boolean held = !"-".equals(cells[9]) && Double.parseDouble(cells[9]) <= 20 && "0".equals(cells[4]);
			String achieved = (stepSeconds > 0 && name.contains("@"))
					? String.format("%.0f", Double.parseDouble(cells[3]) / stepSeconds) : "-";
			System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name, cells[2], cells[4], achieved,
					cells[8], cells[9], cells[10], cells[12], held ? "yes" : "no");
		}
	}

}
