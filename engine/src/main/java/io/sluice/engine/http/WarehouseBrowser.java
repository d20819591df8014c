package io.sluice.engine.http;

import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.writer.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads warehouse tables for the status page: their rows, paged, sorted and filtered, and grouped
 * aggregates for charts. No SQL text comes from a request: table and column names are looked up in the
 * warehouse catalog ({@code information_schema}) and used only as the catalog spells them, quoted by
 * the dialect; values are bound parameters; the aggregate and the time bucket are chosen from fixed
 * lists in this class.
 */
final class WarehouseBrowser {

    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_GROUPS = 200;
    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private static final Pattern NUMERIC = Pattern.compile(
            "(tiny|small|big|huge|u|usmall|utiny|ubig|uhuge)?int(eger)?\\d*( unsigned)?|integer|numeric.*|decimal.*"
                    + "|real|double.*|float.*");
    private static final Pattern TEMPORAL = Pattern.compile("date|timestamp.*");

    /** A column as the catalog names it, and what a chart may do with it. */
    record Column(String name, String type, boolean numeric, boolean temporal) {
    }

    /** A warehouse table as the catalog names it. */
    record Table(String schema, String name, List<Column> columns) {

        Column column(String requested, String parameter) {
            if (requested == null || requested.isEmpty()) {
                throw HttpError.badRequest("give '" + parameter + "', a column of table \"" + name + "\"");
            }
            return columns.stream().filter(c -> c.name().equals(requested)).findFirst()
                    .orElseThrow(() -> HttpError.badRequest("table \"" + name + "\" has no column \"" + requested
                            + "\" (parameter '" + parameter + "')"));
        }
    }

    /** One page of rows; values as text (null stays null), so the page shows exactly what is stored. */
    record Page(String table, List<String> columns, List<List<String>> rows, long total, int page, int size) {
    }

    /** One bar: a group's label (null for the NULL group) and its aggregate (null when there is none). */
    record Bar(String label, Number value) {
    }

    /** The aggregates a chart may draw; each is the SQL function of the same name. */
    enum Aggregate { COUNT, SUM, AVG, MIN, MAX }

    /** Time buckets of a timestamp column; each is a {@code date_trunc} unit. */
    enum Bucket { MINUTE, HOUR, DAY, WEEK, MONTH, YEAR }

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final String schema;

    /** @param schema the warehouse schema the pipeline writes; null for the connection's default */
    WarehouseBrowser(DataSource dataSource, DatabaseDialect dialect, String schema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.schema = schema;
    }

    /** The base tables of the pipeline's warehouse schema, Sluice's own last. */
    List<Table> tables() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String inSchema = schemaOf(connection);
            Map<String, List<Column>> columns = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT t.table_name, c.column_name, c.data_type FROM information_schema.tables t"
                            + " JOIN information_schema.columns c"
                            + " ON c.table_schema = t.table_schema AND c.table_name = t.table_name"
                            + " WHERE t.table_schema = ? AND t.table_type = 'BASE TABLE'"
                            + " ORDER BY t.table_name, c.ordinal_position")) {
                statement.setString(1, inSchema);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString(3).toLowerCase(Locale.ROOT);
                        columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new Column(rs.getString(2),
                                type, NUMERIC.matcher(type).matches(), TEMPORAL.matcher(type).matches()));
                    }
                }
            }
            List<Table> tables = new ArrayList<>();
            columns.forEach((name, cols) -> tables.add(new Table(inSchema, name, List.copyOf(cols))));
            tables.sort((a, b) -> Boolean.compare(a.name().startsWith("_sluice_"), b.name().startsWith("_sluice_")));
            return tables;
        }
    }

    /** The table of that exact name in the catalog, or a 404. */
    Table table(String requested) throws SQLException {
        if (requested == null || requested.isEmpty()) {
            throw HttpError.badRequest("give 'table', the name of a warehouse table");
        }
        return tables().stream().filter(t -> t.name().equals(requested)).findFirst()
                .orElseThrow(() -> HttpError.notFound("no table \"" + requested + "\" in the warehouse"));
    }

    /**
     * One page of a table's rows.
     *
     * @param sort        column to order by; null for the first column
     * @param filter      column to filter on, compared as text with {@code value}; null for no filter
     */
    Page rows(String tableName, String sort, boolean descending, int page, int size, String filter, String value)
            throws SQLException {
        Table table = table(tableName);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw HttpError.badRequest("page must be 0 or more and size 1.." + MAX_PAGE_SIZE);
        }
        Column sortBy = sort == null || sort.isEmpty() ? table.columns().get(0) : table.column(sort, "sort");
        Column filterBy = filter == null || filter.isEmpty() ? null : table.column(filter, "filter");
        if (filterBy != null && value == null) {
            throw HttpError.badRequest("give 'value' to filter column \"" + filterBy.name() + "\" by");
        }
        String from = " FROM " + dialect.qualified(new TableName(table.schema(), table.name()))
                + (filterBy == null ? "" : " WHERE CAST(" + dialect.quote(filterBy.name()) + " AS VARCHAR) = ?");
        List<String> columns = table.columns().stream().map(Column::name).toList();
        String select = "SELECT " + String.join(", ", columns.stream().map(dialect::quote).toList()) + from
                + " ORDER BY " + dialect.quote(sortBy.name()) + (descending ? " DESC" : " ASC") + " LIMIT ? OFFSET ?";
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = prepare(connection, "SELECT count(*)" + from)) {
                if (filterBy != null) {
                    count.setString(1, value);
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<List<String>> rows = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, select)) {
                int parameter = 1;
                if (filterBy != null) {
                    statement.setString(parameter++, value);
                }
                statement.setInt(parameter++, size);
                statement.setLong(parameter, (long) page * size);
                try (ResultSet rs = statement.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(meta.getColumnCount());
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object cell = rs.getObject(i);
                            row.add(cell == null ? null : cell.toString());
                        }
                        rows.add(row);
                    }
                }
            }
            return new Page(table.name(), columns, rows, total, page, size);
        }
    }

    /**
     * A grouped aggregate: per value of {@code group} (or per time bucket of it), the count of rows or the
     * sum/avg/min/max of the numeric column {@code value}; groups in order, at most {@link #MAX_GROUPS}.
     */
    List<Bar> chart(String tableName, String group, Bucket bucket, Aggregate aggregate, String value) throws SQLException {
        Table table = table(tableName);
        Column groupBy = table.column(group, "group");
        if (bucket != null && !groupBy.temporal()) {
            throw HttpError.badRequest("column \"" + groupBy.name() + "\" is " + groupBy.type()
                    + ", not a date or timestamp: it has no time buckets");
        }
        String measured;
        if (aggregate == Aggregate.COUNT) {
            measured = "count(*)";
        } else {
            Column of = table.column(value, "value");
            if (!of.numeric()) {
                throw HttpError.badRequest("column \"" + of.name() + "\" is " + of.type() + ", not a number: "
                        + aggregate.name().toLowerCase(Locale.ROOT) + " needs a numeric column");
            }
            measured = aggregate.name().toLowerCase(Locale.ROOT) + "(" + dialect.quote(of.name()) + ")";
        }
        String key = bucket == null
                ? dialect.quote(groupBy.name())
                : "date_trunc('" + bucket.name().toLowerCase(Locale.ROOT) + "', " + dialect.quote(groupBy.name()) + ")";
        String sql = "SELECT " + key + ", " + measured + " FROM " + dialect.qualified(new TableName(table.schema(),
                table.name())) + " GROUP BY 1 ORDER BY 1 LIMIT ?";
        List<Bar> bars = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql)) {
            statement.setInt(1, MAX_GROUPS);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Object label = rs.getObject(1);
                    Object measure = rs.getObject(2);
                    bars.add(new Bar(label == null ? null : label.toString(), measure instanceof Number n ? n
                            : measure == null ? null : new java.math.BigDecimal(measure.toString())));
                }
            }
        }
        return bars;
    }

    private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        } catch (SQLException unsupported) {
            // DuckDB has no query timeout.
        }
        return statement;
    }

    private String schemaOf(Connection connection) throws SQLException {
        if (schema != null) {
            return schema;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
