package io.sluice.engine.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Compares a source table with its warehouse copy row for row, over the source's columns. Each value
 * is brought to a canonical form chosen by the SOURCE column's type, so that equal data in different
 * databases compares equal: an instant is an instant, 1.50 equals 1.5 (even where the warehouse keeps
 * a wide number as text), JSON compares as a document, bytes as hex.
 */
public final class TableComparison {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The outcome for one table; {@code examples} shows a few rows found on one side only. */
    public record Result(String table, long sourceRows, long warehouseRows, List<String> examples) {
        public boolean equal() {
            return sourceRows == warehouseRows && examples.isEmpty();
        }
    }

    /**
     * How the values of one column are compared. {@code UTC_INSTANT} is an instant kept as a date-time
     * without zone, in UTC (MariaDB has no zoned type); it is chosen per side, by that side's column.
     */
    private enum Canon { INSTANT, UTC_INSTANT, DATE_TIME, DATE, TIME, JSON, NUMBER, BOOLEAN, BYTES, INTERVAL, ARRAY, TEXT }

    private TableComparison() {
    }

    /**
     * @param sourceTable    qualified and quoted for the source, e.g. {@code "public"."orders"}
     * @param warehouseTable qualified and quoted for the warehouse
     * @param quoteWarehouse quotes a column name for the warehouse
     */
    public static Result compare(String label, Connection source, String sourceTable,
                                 Connection warehouse, String warehouseTable, UnaryOperator<String> quoteWarehouse)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        List<Canon> canons = new ArrayList<>();
        try (Statement statement = source.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + sourceTable + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
                canons.add(canonOf(meta.getColumnType(i), meta.getColumnTypeName(i)));
            }
        }
        List<String> sourceRows = canonicalRows(source, "SELECT * FROM " + sourceTable, canons);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(quoteWarehouse.apply(columns.get(i)));
        }
        List<String> warehouseRows = canonicalRows(warehouse, select + " FROM " + warehouseTable, canons);
        return new Result(label, sourceRows.size(), warehouseRows.size(), differences(sourceRows, warehouseRows));
    }

    /** Up to five rows that only one side has, from sorted copies of both. */
    private static List<String> differences(List<String> sourceRows, List<String> warehouseRows) {
        sourceRows.sort(null);
        warehouseRows.sort(null);
        List<String> examples = new ArrayList<>();
        int s = 0;
        int w = 0;
        while ((s < sourceRows.size() || w < warehouseRows.size()) && examples.size() < 5) {
            int order = s >= sourceRows.size() ? 1 : w >= warehouseRows.size() ? -1
                    : sourceRows.get(s).compareTo(warehouseRows.get(w));
            if (order == 0) {
                s++;
                w++;
            } else if (order < 0) {
                examples.add("only in source:    " + sourceRows.get(s++));
            } else {
                examples.add("only in warehouse: " + warehouseRows.get(w++));
            }
        }
        return examples;
    }

    private static Canon canonOf(int type, String typeName) {
        String name = typeName.toLowerCase(Locale.ROOT);
        if (type == Types.TIMESTAMP_WITH_TIMEZONE || name.equals("timestamptz") || name.contains("time zone")) {
            return Canon.INSTANT;
        }
        if (name.startsWith("json")) {
            return Canon.JSON;
        }
        if (name.equals("interval")) {
            return Canon.INTERVAL;
        }
        if (type == Types.ARRAY || name.startsWith("_")) {
            return Canon.ARRAY; // PostgreSQL arrays; a warehouse without arrays holds them as JSON
        }
        return switch (type) {
            case Types.TIMESTAMP -> Canon.DATE_TIME;
            case Types.DATE -> Canon.DATE;
            case Types.TIME -> Canon.TIME;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> Canon.NUMBER;
            case Types.BOOLEAN, Types.BIT -> Canon.BOOLEAN;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> Canon.BYTES;
            default -> Canon.TEXT;
        };
    }

    private static List<String> canonicalRows(Connection connection, String sql, List<Canon> sourceCanons)
            throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<Canon> canons = new ArrayList<>(sourceCanons);
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 0; i < canons.size(); i++) {
                boolean zoneless = canonOf(meta.getColumnType(i + 1), meta.getColumnTypeName(i + 1)) == Canon.DATE_TIME;
                if (canons.get(i) == Canon.INSTANT && zoneless) {
                    canons.set(i, Canon.UTC_INSTANT);
                }
            }
            while (rows.next()) {
                StringBuilder row = new StringBuilder("(");
                for (int i = 1; i <= canons.size(); i++) {
                    row.append(i == 1 ? "" : " | ").append(canonical(rows, i, canons.get(i - 1)));
                }
                result.add(row.append(')').toString());
            }
        }
        return result;
    }

    private static String canonical(ResultSet rows, int i, Canon canon) throws SQLException {
        if (rows.getObject(i) == null) {
            return "NULL";
        }
        return switch (canon) {
            case INSTANT -> rows.getObject(i, OffsetDateTime.class).toInstant().toString();
            case UTC_INSTANT -> rows.getObject(i, LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC).toString();
            case DATE_TIME -> rows.getObject(i, LocalDateTime.class).toString();
            case DATE -> rows.getObject(i, LocalDate.class).toString();
            case TIME -> rows.getObject(i, LocalTime.class).toString();
            case JSON -> json(rows.getString(i));
            case NUMBER -> number(rows.getString(i));
            case BOOLEAN -> Boolean.toString(rows.getBoolean(i));
            case INTERVAL -> rows.getString(i).replaceAll("(year|mon|month|day)s?\\b", "$1").replace("month", "mon");
            case ARRAY -> rows.getObject(i) instanceof java.sql.Array array ? arrayJson(array) : json(rows.getString(i));
            case BYTES -> "0x" + HexFormat.of().formatHex(rows.getBytes(i));
            case TEXT -> rows.getString(i);
        };
    }

    private static String number(String text) {
        try {
            BigDecimal decimal = new BigDecimal(text);
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notFinite) {
            return text; // NaN, Infinity
        }
    }

    private static String arrayJson(java.sql.Array array) throws SQLException {
        try {
            return json(JSON.writeValueAsString(array.getArray()));
        } catch (IOException e) {
            return "unprintable array: " + array;
        }
    }

    private static String json(String text) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(JSON.readTree(text), Object.class));
        } catch (IOException e) {
            return "invalid json: " + text;
        }
    }
}
