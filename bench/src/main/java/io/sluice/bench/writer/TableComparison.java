package io.sluice.bench.writer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Compares two copies of the benchmark's table row for row and value for value. Each value is brought
 * to a canonical string chosen by the column's kind ({@link BenchTable#KINDS}), so equal data written
 * with different SQL types compares equal — numeric(12,2) 1.50 equals decimal 1.5, a boolean equals a
 * bit(1) — while any real difference (a lost row, a rounded double, a shifted timestamp) shows.
 * Both sides are read in key order and merged, so tables of any size compare in constant memory.
 */
final class TableComparison {

    /** How many examples of differences to keep. */
    private static final int EXAMPLES = 5;

    /** The outcome; {@code differences} counts rows that differ or exist on one side only. */
    record Result(long leftRows, long rightRows, long differences, List<String> examples) {
        boolean identical() {
            return differences == 0 && leftRows == rightRows;
        }
    }

    /** A source of canonical rows in ascending id order; null at the end. */
    private interface Rows {
        String[] next() throws SQLException;
    }

    private TableComparison() {
    }

    static Result compare(Connection left, String leftTable, Connection right, String rightTable) throws SQLException {
        try (TableRows l = new TableRows(left, leftTable); TableRows r = new TableRows(right, rightTable)) {
            return compare(l, r);
        }
    }

    /** Compares a table with the rows it should hold (Java values, ordered by id). */
    static Result compare(Connection table, String tableName, List<Object[]> expected) throws SQLException {
        Iterator<Object[]> rows = expected.iterator();
        try (TableRows l = new TableRows(table, tableName)) {
            return compare(l, () -> rows.hasNext() ? canonical(rows.next()) : null);
        }
    }

    private static Result compare(Rows left, Rows right) throws SQLException {
        long leftRows = 0;
        long rightRows = 0;
        long differences = 0;
        List<String> examples = new ArrayList<>();
        String[] l = left.next();
        String[] r = right.next();
        while (l != null || r != null) {
            int order = l == null ? 1 : r == null ? -1 : Long.compare(Long.parseLong(l[0]), Long.parseLong(r[0]));
            if (order < 0) {
                differences++;
                example(examples, "id " + l[0] + " only in the first table");
                leftRows++;
                l = left.next();
            } else if (order > 0) {
                differences++;
                example(examples, "id " + r[0] + " only in the second table");
                rightRows++;
                r = right.next();
            } else {
                if (!java.util.Arrays.equals(l, r)) {
                    differences++;
                    example(examples, "id " + l[0] + ": " + describe(l, r));
                }
                leftRows++;
                rightRows++;
                l = left.next();
                r = right.next();
            }
        }
        return new Result(leftRows, rightRows, differences, examples);
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    private static String describe(String[] l, String[] r) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < l.length; i++) {
            if (!Objects.equals(l[i], r[i])) {
                text.append(text.length() == 0 ? "" : ", ").append(BenchTable.COLUMNS.get(i))
                        .append(" '").append(l[i]).append("' vs '").append(r[i]).append('\'');
            }
        }
        return text.toString();
    }

    /** Canonical strings of a row of Java values as {@link BenchTable#values} makes them. */
    private static String[] canonical(Object[] row) {
        String[] values = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            values[i] = value == null ? null
                    : value instanceof BigDecimal decimal ? canonical(decimal)
                    : value instanceof Integer number ? Long.toString(number)
                    : value.toString(); // Long, String, Double, Boolean, LocalDateTime, LocalDate
        }
        return values;
    }

    private static String canonical(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    /** A table's rows in id order, streamed with a cursor. */
    private static final class TableRows implements Rows, AutoCloseable {

        private final Connection connection;
        private final boolean autoCommit;
        private final Statement statement;
        private final ResultSet rs;

        TableRows(Connection connection, String table) throws SQLException {
            this.connection = connection;
            this.autoCommit = connection.getAutoCommit();
            // PostgreSQL streams with a fetch size only inside a transaction.
            connection.setAutoCommit(false);
            this.statement = connection.createStatement();
            statement.setFetchSize(10_000);
            this.rs = statement.executeQuery("SELECT " + String.join(", ", BenchTable.COLUMNS) + " FROM " + table + " ORDER BY id");
        }

        @Override
        public String[] next() throws SQLException {
            if (!rs.next()) {
                return null;
            }
            String[] values = new String[BenchTable.COLUMNS.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(i + 1, BenchTable.KINDS.get(i));
            }
            return values;
        }

        private String value(int index, BenchTable.Kind kind) throws SQLException {
            switch (kind) {
                case INT64, INT32 -> {
                    long value = rs.getLong(index);
                    return rs.wasNull() ? null : Long.toString(value);
                }
                case TEXT -> {
                    return rs.getString(index);
                }
                case DECIMAL -> {
                    BigDecimal value = rs.getBigDecimal(index);
                    return value == null ? null : canonical(value);
                }
                case FLOAT64 -> {
                    double value = rs.getDouble(index);
                    return rs.wasNull() ? null : Double.toString(value);
                }
                case BOOLEAN -> {
                    boolean value = rs.getBoolean(index);
                    return rs.wasNull() ? null : Boolean.toString(value);
                }
                case TIMESTAMP -> {
                    LocalDateTime value = rs.getObject(index, LocalDateTime.class);
                    return value == null ? null : value.toString();
                }
                case DATE -> {
                    LocalDate value = rs.getObject(index, LocalDate.class);
                    return value == null ? null : value.toString();
                }
                default -> throw new IllegalArgumentException(kind.name());
            }
        }

        @Override
        public void close() throws SQLException {
            try (statement) {
                rs.close();
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
