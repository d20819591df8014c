package io.sluice.engine.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * Compares a source table with its warehouse copy row for row, over the source's columns, with each
 * value in a canonical form so that equal data in different databases compares equal (an instant is an
 * instant, 1.50 equals 1.5, JSON compares as a document).
 */
public final class TableComparison {

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The outcome for one table; {@code examples} shows a few rows found on one side only. */
    public record Result(String table, long sourceRows, long warehouseRows, List<String> examples) {
        public boolean equal() {
            return sourceRows == warehouseRows && examples.isEmpty();
        }
    }

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
        List<String> columns = columnsOf(source, sourceTable);
        List<String> sourceRows = canonicalRows(source, "SELECT * FROM " + sourceTable);
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(quoteWarehouse.apply(columns.get(i)));
        }
        List<String> warehouseRows = canonicalRows(warehouse, select + " FROM " + warehouseTable);
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
        return new Result(label, sourceRows.size(), warehouseRows.size(), examples);
    }

    private static List<String> columnsOf(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
            }
            return names;
        }
    }

    private static List<String> canonicalRows(Connection connection, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            int count = meta.getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder("(");
                for (int i = 1; i <= count; i++) {
                    row.append(i == 1 ? "" : " | ").append(canonical(rows, i, meta));
                }
                result.add(row.append(')').toString());
            }
        }
        return result;
    }

    private static String canonical(ResultSet rows, int i, ResultSetMetaData meta) throws SQLException {
        Object value = rows.getObject(i);
        if (value == null) {
            return "NULL";
        }
        String typeName = meta.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        int type = meta.getColumnType(i);
        if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz") || typeName.contains("time zone")) {
            return rows.getObject(i, OffsetDateTime.class).toInstant().toString();
        }
        if (type == Types.TIMESTAMP) {
            return rows.getObject(i, LocalDateTime.class).toString();
        }
        if (type == Types.DATE) {
            return rows.getObject(i, LocalDate.class).toString();
        }
        if (type == Types.TIME) {
            return rows.getObject(i, LocalTime.class).toString();
        }
        if (typeName.startsWith("json")) {
            try {
                JsonNode node = JSON.readTree(value.toString());
                return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
            } catch (java.io.IOException e) {
                return "invalid json: " + value;
            }
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }
}
