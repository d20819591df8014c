package io.sluice.testing;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one entry point tests use to get real database servers. Each server starts on first use and
 * is shared by every test class in the JVM (JUnit runs them in parallel); tests isolate themselves by
 * creating their own database:
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
 *     db.execute("CREATE TABLE t (id int PRIMARY KEY)");
 * }
 * }</pre>
 *
 * A server that cannot start throws {@link DatabaseUnavailableException} saying why, to every caller:
 * tests fail rather than skip.
 *
 * <p>Tests about misconfigured servers start a private server with the settings they need and close
 * it themselves ({@link #startPostgres(Map)}, {@link #startMariaDb(List)}); and the PostgreSQL and
 * MariaDB services of the machine ({@link #postgresService()}, {@link #mariadbService()}) add other
 * versions, configured as a distribution installs them.
 */
public final class TestDatabases {

    private static final Shared<PostgresServer> POSTGRES = new Shared<>("embedded PostgreSQL", () -> PostgresServer.start(Map.of(), true));
    private static final Shared<MariaDbServer> MARIADB = new Shared<>("embedded MariaDB", () -> MariaDbServer.start(List.of(), true));

    /** Debian's packages, as this project's machines run them: see the README's test table. */
    private static final String SERVICE_HOST = "127.0.0.1";
    private static final Shared<PostgresServer> POSTGRES_SERVICE = new Shared<>("the PostgreSQL service", () -> PostgresServer.attach(
            SERVICE_HOST, 5432, "postgres", "",
            "the machine's PostgreSQL service (Debian package postgresql) listening on 127.0.0.1:5432 and"
                    + " accepting user postgres without a password (trust) from 127.0.0.1"));
    private static final Shared<MariaDbServer> MARIADB_SERVICE = new Shared<>("the MariaDB service", () -> MariaDbServer.attach(
            SERVICE_HOST, 3306, "root", "",
            "the machine's MariaDB service (Debian package mariadb-server) listening on 127.0.0.1:3306 and"
                    + " accepting user root with an empty password from 127.0.0.1"));

    private TestDatabases() {
    }

    /** Embedded PostgreSQL 14 with wal_level=logical. */
    public static PostgresServer postgres() {
        return POSTGRES.get();
    }

    /** Embedded MariaDB 11.4 with a row-based binary log. */
    public static MariaDbServer mariadb() {
        return MARIADB.get();
    }

    /**
     * A private embedded PostgreSQL 14 for one test, with the shared server's settings except these
     * (e.g. {@code Map.of("wal_level", "replica")}). The caller closes it: that stops it and removes
     * its files.
     */
    public static PostgresServer startPostgres(Map<String, String> settings) {
        return PostgresServer.start(settings, false);
    }

    /**
     * A private embedded MariaDB 11.4 for one test: the shared server's options, then these, which
     * win (e.g. {@code List.of("--binlog-format=STATEMENT")} or {@code List.of("--skip-log-bin")}).
     * The caller closes it: that stops it and removes its files.
     */
    public static MariaDbServer startMariaDb(List<String> options) {
        return MariaDbServer.start(options, false);
    }

    /**
     * The PostgreSQL service of this machine (127.0.0.1:5432, user postgres, trust authentication),
     * as the distribution configures it: on our machines PostgreSQL 15 with {@code wal_level=replica}.
     * Closing it does nothing; databases created in it are dropped when closed, like any other.
     */
    public static PostgresServer postgresService() {
        return POSTGRES_SERVICE.get();
    }

    /**
     * The MariaDB service of this machine (127.0.0.1:3306, user root, empty password), as the
     * distribution configures it: on our machines MariaDB 10.11 without a binary log.
     */
    public static MariaDbServer mariadbService() {
        return MARIADB_SERVICE.get();
    }

    /**
     * Starts a server at most once per JVM and remembers the outcome. A failure is remembered too:
     * retrying would cost every test class the same slow failure.
     */
    private static final class Shared<T> {
        private final String description;
        private final Supplier<T> start;
        private T server;
        private DatabaseUnavailableException failure;

        Shared(String description, Supplier<T> start) {
            this.description = description;
            this.start = start;
        }

        // One lock per server, so PostgreSQL and MariaDB can start at the same time.
        synchronized T get() {
            if (server == null && failure == null) {
                try {
                    server = start.get();
                } catch (DatabaseUnavailableException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new DatabaseUnavailableException(description + " could not start: "
                            + Causes.of(e), e);
                }
            }
            if (failure != null) {
                // A fresh exception per caller, with its own stack, the same message and the original cause.
                throw new DatabaseUnavailableException(failure.getMessage(), failure);
            }
            return server;
        }
    }
}
