package io.sluice.bench.writer;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * MariaDB's {@code LOAD DATA LOCAL INFILE}, fed from memory through the driver
 * ({@code setLocalInfileInputStream}), tab-separated with backslash escapes (the statement's defaults).
 * The connection needs {@code allowLocalInfile=true}.
 */
final class MariaDbLoadData implements BulkLoad {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Override
    public String name() {
        return "LOAD DATA LOCAL INFILE";
    }

    @Override
    public Throughput load(Connection connection, String table, List<Object[]> rows) throws SQLException {
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                append(text, row[i]);
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(org.mariadb.jdbc.Statement.class)
                    .setLocalInfileInputStream(new ByteArrayInputStream(bytes));
            statement.execute("LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE " + table + " CHARACTER SET utf8mb4 ("
                    + String.join(", ", BenchTable.COLUMNS) + ")");
        }
        connection.commit();
        return new Throughput(rows.size(), System.nanoTime() - start);
    }

    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String string) {
            escape(text, string);
        } else if (value instanceof Boolean flag) {
            text.append(flag ? '1' : '0');
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toPlainString());
        } else if (value instanceof LocalDateTime timestamp) {
            text.append(DATETIME.format(timestamp));
        } else {
            // Long, Integer, Double (shortest exact form) and LocalDate (ISO 8601).
            text.append(value);
        }
    }

    private static void escape(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\0' -> text.append("\\0");
                default -> text.append(c);
            }
        }
    }
}
