package io.sluice.connector.dialect;

import io.sluice.connector.dialect.duckdb.DuckDbDialect;
import io.sluice.connector.dialect.mariadb.MariaDbDialect;
import io.sluice.connector.dialect.postgres.PostgresDialect;

/** Chooses the dialect for a warehouse by its JDBC URL. */
public final class Dialects {

    private Dialects() {
    }

    public static DatabaseDialect forJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (jdbcUrl.startsWith("jdbc:duckdb:")) {
            return new DuckDbDialect();
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        throw new IllegalArgumentException("no Sluice warehouse dialect for JDBC URL '" + jdbcUrl.replaceAll("\\?.*", "")
                + "': supported are jdbc:postgresql:, jdbc:duckdb:, jdbc:mariadb: and jdbc:mysql:");
    }
}
