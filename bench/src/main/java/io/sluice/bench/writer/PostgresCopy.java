package io.sluice.bench.writer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** PostgreSQL's {@code COPY … FROM STDIN} in text format, streamed from the rows as they are encoded. */
final class PostgresCopy implements BulkLoad {

    private static final int BUFFER_BYTES = 1 << 20;

    @Override
    public String name() {
        return "COPY";
    }

    @Override
    public Throughput load(Connection connection, String table, List<Object[]> rows) throws SQLException {
        String sql = "COPY " + table + " (" + String.join(", ", BenchTable.COLUMNS) + ") FROM STDIN";
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        try (PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, BUFFER_BYTES);
             Writer out = new BufferedWriter(new OutputStreamWriter(copy, StandardCharsets.UTF_8), BUFFER_BYTES)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        out.write('\t');
                    }
                    write(out, row[i]);
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
        connection.commit();
        return new Throughput(rows.size(), System.nanoTime() - start);
    }

    private static void write(Writer out, Object value) throws IOException {
        if (value == null) {
            out.write("\\N");
        } else if (value instanceof String text) {
            escape(out, text);
        } else if (value instanceof Boolean flag) {
            out.write(flag ? 't' : 'f');
        } else if (value instanceof BigDecimal decimal) {
            out.write(decimal.toPlainString());
        } else {
            // Long, Integer, Double (shortest exact form), LocalDateTime and LocalDate (ISO 8601).
            out.write(value.toString());
        }
    }

    private static void escape(Writer out, String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }
}
