package io.ticketbooking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ticketbooking.shared.Owns;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules share APIs, not tables. The modularity test sees Java types only; this one
 * reads each module's SQL (the string literals of its sources) and fails when it names a
 * table another module owns ({@link Owns}), or when a module spells out another module's
 * state ({@code …Status} enums) as a string instead of using its type.
 */
class DataOwnershipTests {

	/** Tables of the frameworks, not of a module: Flyway's history, Modulith's outbox. */
	private static final Set<String> FRAMEWORK_TABLES = Set.of("flyway_schema_history", "event_publication",
			"event_publication_archive");

	private static final Pattern CREATE_TABLE = Pattern
		.compile("(?i)\\bcreate\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

	/**
	 * A table named after one of these, e.g. {@code from orders}, {@code update tickets}.
	 */
	private static final Pattern TABLE_REFERENCE = Pattern
		.compile("(?i)(?<!for\\s)(?<!for\\s\\s)\\b(?:from|join|into|update|table|references)\\s+([a-z_][a-z0-9_]*)");

	private static final Pattern QUOTED_STATE = Pattern.compile("'([A-Z][A-Z0-9_]+)'");

	private static final Pattern WHOLE_STATE = Pattern.compile("[A-Z][A-Z0-9_]+");

	private static final Path SOURCES = Path.of("src/main/java");

	@Test
	void everyTableHasExactlyOneOwningModule() {
		Map<String, List<String>> owners = new TreeMap<>();
		for (ApplicationModule module : ModularityTests.modules) {
			for (String table : owned(module)) {
				owners.computeIfAbsent(table, (t) -> new ArrayList<>()).add(module.getIdentifier().toString());
			}
		}
		Set<String> created = createdTables();
		created.removeAll(FRAMEWORK_TABLES);
		assertThat(owners.keySet()).as("tables declared in @Owns").containsExactlyInAnyOrderElementsOf(created);
		assertThat(owners).allSatisfy((table, modules) -> assertThat(modules).as(table).hasSize(1));
	}

	@Test
	void noModuleSqlNamesAnotherModulesTable() {
		Map<String, String> ownerOf = ownerOfEachTable();
		Map<String, Integer> ownReferences = new TreeMap<>();
		List<String> violations = new ArrayList<>();
		for (ApplicationModule module : ModularityTests.modules) {
			String self = module.getIdentifier().toString();
			for (Path source : sources(module)) {
				for (String literal : StringLiterals.of(read(source))) {
					Matcher reference = TABLE_REFERENCE.matcher(literal);
					while (reference.find()) {
						String owner = ownerOf.get(reference.group(1).toLowerCase());
						if (self.equals(owner)) {
							ownReferences.merge(self, 1, Integer::sum);
						}
						if (owner != null && !owner.equals(self)) {
							violations.add(SOURCES.relativize(source) + " names " + reference.group(1) + " (owned by "
									+ owner + "): " + literal.strip().replaceAll("\\s+", " "));
						}
					}
				}
			}
		}
		assertThat(violations).as("SQL that reaches into another module's tables").isEmpty();
		// not vacuous: the scanner found each owner's SQL on its own tables
		assertThat(ownReferences.keySet()).as("modules whose own SQL was found")
			.containsExactlyInAnyOrderElementsOf(new TreeMap<>(ownerOf).values().stream().distinct().toList());
	}

	@Test
	void noModuleSpellsAnotherModulesStateAsAString() {
		Map<String, Set<String>> statesByModule = new TreeMap<>();
		Map<String, Set<String>> constantsByModule = new TreeMap<>();
		for (ApplicationModule module : ModularityTests.modules) {
			String id = module.getIdentifier().toString();
			for (Class<?> type : enums(module)) {
				Set<String> names = Arrays.stream(type.getEnumConstants())
					.map((c) -> ((Enum<?>) c).name())
					.collect(Collectors.toSet());
				constantsByModule.computeIfAbsent(id, (k) -> new HashSet<>()).addAll(names);
				if (type.getSimpleName().endsWith("Status")) {
					statesByModule.computeIfAbsent(id, (k) -> new HashSet<>()).addAll(names);
				}
			}
		}
		assertThat(statesByModule).as("modules with a state enum")
			.containsKeys("events", "orders", "payments", "tickets");
		List<String> violations = new ArrayList<>();
		for (ApplicationModule module : ModularityTests.modules) {
			String self = module.getIdentifier().toString();
			Set<String> own = constantsByModule.getOrDefault(self, Set.of());
			for (Path source : sources(module)) {
				for (String literal : StringLiterals.of(read(source))) {
					for (String word : stateWords(literal)) {
						statesByModule.forEach((owner, states) -> {
							if (!owner.equals(self) && states.contains(word) && !own.contains(word)) {
								violations.add(SOURCES.relativize(source) + " spells " + owner + "'s state " + word);
							}
						});
					}
				}
			}
		}
		assertThat(violations).as("another module's state as a string instead of its enum").isEmpty();
	}

	@Test
	void theScannerSeesSqlInLiteralsAndTextBlocks() {
		String java = """
				class X {
				  // select * from comments_are_not_sql
				  String a = "select id from orders where status = 'CONFIRMED'";
				  String b = \"""
				      update tickets set status = 'VOID'
				      where id in (select id from inventory_units for update skip locked)
				      \""";
				  char c = '"';
				}
				""";
		List<String> literals = StringLiterals.of(java);
		assertThat(literals).hasSize(2);
		Set<String> tables = new LinkedHashSet<>();
		literals
			.forEach((literal) -> TABLE_REFERENCE.matcher(literal).results().forEach((r) -> tables.add(r.group(1))));
		assertThat(tables).containsExactly("orders", "tickets", "inventory_units");
		assertThat(stateWords(literals.get(0))).containsExactly("CONFIRMED");
		assertThat(stateWords("PUBLISHED")).containsExactly("PUBLISHED");
	}

	private static Set<String> stateWords(String literal) {
		Set<String> words = new LinkedHashSet<>();
		if (WHOLE_STATE.matcher(literal).matches()) {
			words.add(literal);
		}
		QUOTED_STATE.matcher(literal).results().forEach((r) -> words.add(r.group(1)));
		return words;
	}

	private static Map<String, String> ownerOfEachTable() {
		Map<String, String> ownerOf = new TreeMap<>();
		for (ApplicationModule module : ModularityTests.modules) {
			owned(module).forEach((table) -> ownerOf.put(table, module.getIdentifier().toString()));
		}
		return ownerOf;
	}

	private static List<String> owned(ApplicationModule module) {
		Package pkg = packageInfo(module).getPackage();
		Owns owns = pkg.getAnnotation(Owns.class);
		return (owns != null) ? List.of(owns.tables()) : List.of();
	}

	private static Class<?> packageInfo(ApplicationModule module) {
		try {
			return Class.forName(module.getBasePackage().getName() + ".package-info");
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Module " + module.getIdentifier() + " has no package-info", ex);
		}
	}

	private static Set<String> createdTables() {
		Set<String> tables = new LinkedHashSet<>();
		try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
			migrations.filter((p) -> p.toString().endsWith(".sql"))
				.forEach((p) -> CREATE_TABLE.matcher(read(p)).results().forEach((r) -> tables.add(r.group(1))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tables;
	}

	private static List<Path> sources(ApplicationModule module) {
		Path dir = SOURCES.resolve(module.getBasePackage().getName().replace('.', '/'));
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter((p) -> p.toString().endsWith(".java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Class<?>> enums(ApplicationModule module) {
		List<Class<?>> enums = new ArrayList<>();
		for (Path source : sources(module)) {
			String name = SOURCES.relativize(source).toString().replace('/', '.').replaceAll("\\.java$", "");
			if (name.endsWith("package-info")) {
				continue;
			}
			try {
				collectEnums(Class.forName(name), enums);
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return enums;
	}

	private static void collectEnums(Class<?> type, List<Class<?>> enums) {
		if (type.isEnum()) {
			enums.add(type);
		}
		for (Class<?> nested : type.getDeclaredClasses()) {
			collectEnums(nested, enums);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The string literals and text blocks of a Java source, comments skipped. */
	static final class StringLiterals {

		private StringLiterals() {
		}

		static List<String> of(String java) {
			List<String> literals = new ArrayList<>();
			int i = 0;
			int n = java.length();
			while (i < n) {
				char c = java.charAt(i);
				if (java.startsWith("//", i)) {
					i = lineEnd(java, i);
				}
				else if (java.startsWith("/*", i)) {
					int end = java.indexOf("*/", i + 2);
					i = (end < 0) ? n : end + 2;
				}
				else if (java.startsWith("\"\"\"", i)) {
					int end = java.indexOf("\"\"\"", i + 3);
					while (end > 0 && java.charAt(end - 1) == '\\') {
						end = java.indexOf("\"\"\"", end + 3);
					}
					literals.add(java.substring(i + 3, (end < 0) ? n : end));
					i = (end < 0) ? n : end + 3;
				}
				else if (c == '\'') {
					i = skipQuoted(java, i, '\'');
				}
				else if (c == '"') {
					int end = skipQuoted(java, i, '"');
					literals.add(java.substring(i + 1, end - 1));
					i = end;
				}
				else {
					i++;
				}
			}
			return literals;
		}

		private static int lineEnd(String java, int from) {
			int end = java.indexOf('\n', from);
			return (end < 0) ? java.length() : end + 1;
		}

		/**
		 * The index after the closing quote of the literal that opens at {@code from}.
		 */
		private static int skipQuoted(String java, int from, char quote) {
			int i = from + 1;
			while (i < java.length() && java.charAt(i) != quote) {
				i += (java.charAt(i) == '\\') ? 2 : 1;
			}
			return Math.min(i + 1, java.length());
		}

	}

}
