package io.sluice.engine.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few JDBC shapes the checks need: one row or all rows of a query with bound parameters. */
final class Jdbc {

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /** The first row, mapped; empty when there is no row or it maps to null (an aggregate over nothing). */
    static <T> Optional<T> one(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
        List<T> rows = all(connection, sql, row, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    static <T> List<T> all(Connection connection, String sql, Row<T> row, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    /** The message of the deepest cause: drivers wrap the server's words a few levels down. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
