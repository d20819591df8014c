package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract of {@link TestDatabase}, the same on every server. */
class TestDatabaseTest {

    static Stream<Named<Supplier<DatabaseServer>>> servers() {
        return Stream.of(
                Named.of("postgres", TestDatabases::postgres),
                Named.of("mariadb", TestDatabases::mariadb));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void eachCallGivesADistinctIsolatedDatabase(Supplier<DatabaseServer> server) {
        try (TestDatabase a = server.get().createDatabase(); TestDatabase b = server.get().createDatabase()) {
            assertThat(a.name()).startsWith("t_").isNotEqualTo(b.name());

            a.execute("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))",
                    "INSERT INTO item VALUES (1, 'in a')");
            b.execute("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))");

            assertThat(a.query("SELECT id, label FROM item")).containsExactly(List.of(1, "in a"));
            assertThat(b.query("SELECT id, label FROM item")).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void closeDropsTheDatabaseEvenWithSessionsOpen(Supplier<DatabaseServer> server) throws Exception {
        DatabaseServer s = server.get();
        TestDatabase db = s.createDatabase();
        db.execute("CREATE TABLE item (id INT PRIMARY KEY)");
        try (Connection lingering = db.connect()) {
            lingering.setAutoCommit(false);
            lingering.createStatement().execute("INSERT INTO item VALUES (1)"); // holds locks on the table

            db.close();
            db.close(); // idempotent
        }
        assertThat(databaseNames(s)).doesNotContain(db.name());
    }

    @ParameterizedTest
    @MethodSource("servers")
    void queryReturnsJdbcValuesIncludingNulls(Supplier<DatabaseServer> server) {
        try (TestDatabase db = server.get().createDatabase()) {
            db.execute("CREATE TABLE item (id INT PRIMARY KEY, label VARCHAR(20))",
                    "INSERT INTO item VALUES (1, NULL), (2, 'two')");
            assertThat(db.query("SELECT id, label FROM item ORDER BY id"))
                    .containsExactly(Arrays.asList(1, null), List.of(2, "two"));
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aFailingStatementNamesTheStatementAndTheDatabase(Supplier<DatabaseServer> server) {
        try (TestDatabase db = server.get().createDatabase()) {
            assertThatThrownBy(() -> db.execute("SELECT 1", "SELECT * FROM missing_table"))
                    .hasMessageContaining(db.name())
                    .hasMessageContaining("SELECT * FROM missing_table");
        }
    }

    private static List<String> databaseNames(DatabaseServer server) throws Exception {
        String sql = server.kind().equals("postgres") ? "SELECT datname FROM pg_database" : "SHOW DATABASES";
        String adminDb = server.kind().equals("postgres") ? "postgres" : "";
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(adminDb), server.adminUser(),
                server.adminPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
