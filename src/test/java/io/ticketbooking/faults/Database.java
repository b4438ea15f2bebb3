package io.ticketbooking.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.ticketbooking.faults.Waits.pause;

/** Plain JDBC to the database the instances use, retried through a restart. */
final class Database {

	interface Row<T> {

		T map(ResultSet rs) throws SQLException;

	}

	private Database() {
	}

	static long count(String sql, Object... parameters) {
		return query(sql, (rs) -> rs.getLong(1), parameters).getFirst();
	}

	static <T> List<T> query(String sql, Row<T> row, Object... parameters) {
		SQLException last = null;
		for (int attempt = 0; attempt < 120; attempt++) {
			try (Connection connection = connect()) {
				var statement = connection.prepareStatement(sql);
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				List<T> result = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						result.add(row.map(rs));
					}
				}
				return result;
			}
			catch (SQLException ex) {
				last = ex;
				pause(500);
			}
		}
		throw new IllegalStateException("PostgreSQL unreachable", last);
	}

	/** A connection of its own, not retried. */
	static Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), Deployment.env("DB_USER", "postgres"),
				Deployment.env("DB_PASSWORD", ""));
	}

	static String url() {
		return "jdbc:postgresql://" + System.getenv("DB_HOST") + ":" + Deployment.env("DB_PORT", "5432") + "/"
				+ Deployment.env("DB_NAME", "ticketbooking");
	}

}
