package io.sluice.engine.scan;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads up to N rows of a configured table over one source connection, and the values of the columns
 * worth a look: text, whole numbers, dates and timestamps (and PostgreSQL's {@code inet}, {@code cidr},
 * {@code citext}). Booleans, fractions, binary, JSON, UUIDs and arrays hold no personal data the scan
 * could recognize and are passed over, as are columns the source's {@code include-columns} or
 * {@code exclude-columns} leave out: they never reach the warehouse.
 *
 * <p>How rows are chosen: the scan must not load a production database, so it never sorts a whole
 * table ({@code ORDER BY random()} reads and sorts every row). On PostgreSQL, a table whose planner
 * estimate is more than ten times the sample is read with {@code TABLESAMPLE SYSTEM}: whole pages
 * picked at random (about three samples' worth of rows, and at least twenty pages, so that a small
 * pick cannot come up empty), cut to N rows. It reads only those pages and spreads the sample over
 * old and new rows. Smaller tables, tables never analyzed, and MariaDB/MySQL (which has no
 * TABLESAMPLE) are read with a plain {@code LIMIT N}: the first N rows the database returns, cheap,
 * though weighted to the oldest rows. That bias matters little here: what a column holds rarely
 * changes with a row's age.
 */
final class TableSampler {

    private static final int QUERY_TIMEOUT_SECONDS = 120;
    /** Below ten samples' worth of rows, LIMIT reads a tenth of the table or more anyway. */
    private static final long TABLESAMPLE_FROM = 10;
    private static final int OVERSAMPLE = 3;
    private static final int MIN_PAGES = 20;

    private final Connection connection;
    private final SourceConfig source;
    private final int sampleSize;
    private final List<Pattern> includeColumns;
    private final List<Pattern> excludeColumns;

    TableSampler(Connection connection, SourceConfig source, int sampleSize) {
        this.connection = connection;
        this.source = source;
        this.sampleSize = sampleSize;
        this.includeColumns = patterns(source.rules().includeColumns());
        this.excludeColumns = patterns(source.rules().excludeColumns());
    }

    /** The table's sample; empty when the table does not exist. */
    Optional<SampledTable> sample(String table) throws SQLException {
        int dot = table.indexOf('.');
        Optional<String[]> found = locate(table.substring(0, dot), table.substring(dot + 1));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String schema = found.get()[0];
        String name = found.get()[1];
        Set<String> keys = keyColumns(schema, name, table);
        String from = quote(schema) + "." + quote(name);

        if (source.type() == SourceType.POSTGRES) {
            long[] estimate = sizeEstimate(schema, name);
            long rows = estimate[0];
            long pages = estimate[1];
            if (rows > TABLESAMPLE_FROM * sampleSize && pages > 0) {
                double share = Math.max((double) OVERSAMPLE * sampleSize / rows, (double) MIN_PAGES / pages);
                String percent = new BigDecimal(Math.min(100.0, 100.0 * share))
                        .round(new MathContext(2)).stripTrailingZeros().toPlainString();
                String sampling = "TABLESAMPLE SYSTEM (" + percent + ")";
                SampledTable sampled = read(table, "SELECT * FROM " + from + " " + sampling + " LIMIT " + sampleSize,
                        sampling, keys);
                // A stale estimate can make the pages too few; then the first rows will do.
                if (sampled.rows() >= sampleSize) {
                    return Optional.of(sampled);
                }
            }
        }
        return Optional.of(read(table, "SELECT * FROM " + from + " LIMIT " + sampleSize, "LIMIT", keys));
    }

    private SampledTable read(String table, String sql, String sampling, Set<String> keys) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Integer> positions = new ArrayList<>();
                List<ValueReader> readers = new ArrayList<>();
                List<List<String>> values = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    ValueReader reader = readerFor(meta, i);
                    if (reader != null && captured(table, meta.getColumnName(i))) {
                        positions.add(i);
                        readers.add(reader);
                        values.add(new ArrayList<>());
                    }
                }
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    for (int c = 0; c < positions.size(); c++) {
                        String value = readers.get(c).read(rs, positions.get(c));
                        if (value != null && !value.isBlank()) {
                            values.get(c).add(value.strip());
                        }
                    }
                }
                List<SampledColumn> columns = new ArrayList<>();
                for (int c = 0; c < positions.size(); c++) {
                    int position = positions.get(c);
                    String name = meta.getColumnName(position);
                    columns.add(new SampledColumn(name, meta.getColumnTypeName(position), isText(meta, position),
                            keys.contains(name.toLowerCase(Locale.ROOT)), values.get(c)));
                }
                return new SampledTable(source.name(), table, rows, sampling, columns);
            }
        }
    }

    @FunctionalInterface
    private interface ValueReader {
        String read(ResultSet rs, int position) throws SQLException;
    }

    /** How to read a column as text; null for a column the scan passes over. */
    private static ValueReader readerFor(ResultSetMetaData meta, int i) throws SQLException {
        return switch (meta.getColumnType(i)) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> ResultSet::getString;
            case Types.NUMERIC, Types.DECIMAL -> meta.getScale(i) == 0 ? ResultSet::getString : null;
            case Types.DATE -> (rs, p) -> {
                LocalDate date = rs.getObject(p, LocalDate.class);
                return date == null ? null : date.toString();
            };
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> (rs, p) -> {
                Timestamp timestamp = rs.getTimestamp(p);
                return timestamp == null ? null : timestamp.toLocalDateTime().toString();
            };
            case Types.OTHER -> Set.of("inet", "cidr", "citext").contains(meta.getColumnTypeName(i).toLowerCase(Locale.ROOT))
                    ? ResultSet::getString : null;
            default -> null;
        };
    }

    private static boolean isText(ResultSetMetaData meta, int i) throws SQLException {
        return switch (meta.getColumnType(i)) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> true;
            case Types.OTHER -> meta.getColumnTypeName(i).equalsIgnoreCase("citext");
            default -> false;
        };
    }

    /** The table's schema and name as the catalog spells them; the file's spelling may differ in case. */
    private Optional<String[]> locate(String schema, String name) throws SQLException {
        List<String[]> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_schema, table_name"
                + " FROM information_schema.tables WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?)")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return candidates.stream().filter(c -> c[0].equals(schema) && c[1].equals(name)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    /** The primary key's columns and those the pipeline file gives as the table's key, in lower case. */
    private Set<String> keyColumns(String schema, String name, String configured) throws SQLException {
        Set<String> keys = new HashSet<>();
        DatabaseMetaData meta = connection.getMetaData();
        boolean postgres = source.type() == SourceType.POSTGRES;
        try (ResultSet rs = meta.getPrimaryKeys(postgres ? null : schema, postgres ? schema : null, name)) {
            while (rs.next()) {
                keys.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        source.rules().keys().getOrDefault(configured, List.of()).forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        return keys;
    }

    /** The planner's estimate of rows and pages; 0 or less when the table was never analyzed. */
    private long[] sizeEstimate(String schema, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.reltuples::bigint, c.relpages"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
            }
        }
    }

    /** Debezium's column filters: case-insensitive regular expressions matching the whole "table.column". */
    private boolean captured(String table, String column) {
        String qualified = table + "." + column;
        boolean included = includeColumns.isEmpty() || includeColumns.stream().anyMatch(p -> p.matcher(qualified).matches());
        return included && excludeColumns.stream().noneMatch(p -> p.matcher(qualified).matches());
    }

    private static List<Pattern> patterns(List<String> regexes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : regexes) {
            try {
                patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                // Debezium refuses the setting when the pipeline starts; the scan looks at every column.
            }
        }
        return patterns;
    }

    private String quote(String identifier) {
        return source.type() == SourceType.POSTGRES
                ? "\"" + identifier.replace("\"", "\"\"") + "\""
                : "`" + identifier.replace("`", "``") + "`";
    }
}
