package io.sluice.connector.dialect.mariadb;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.GeneralDialect;
import io.sluice.connector.dialect.UnstorableValueException;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;

/**
 * MariaDB as a warehouse (MySQL's wire protocol and SQL; see "MySQL" below). Small flushes upsert
 * with multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} statements, chunked below the server's
 * {@code max_allowed_packet}; large ones stream their rows with {@code LOAD DATA LOCAL INFILE} into a
 * temporary staging table and apply them with one {@code INSERT … SELECT … ON DUPLICATE KEY UPDATE}.
 * Deletes are multi-row {@code DELETE … WHERE (k) IN (…)} at every size: a staged
 * {@code DELETE … JOIN} measured no faster (MariaDbWriteBenchmark).
 *
 * <p>Types: TEXT and BYTES are LONGTEXT/LONGBLOB, bounded to VARCHAR(255)/VARBINARY(255) in a key
 * (InnoDB indexes no unbounded column). Key text compares exactly ({@code utf8mb4_nopad_bin}), as the
 * source does: under MariaDB's default, case- and trailing-space-insensitive collation, 'a', 'A' and
 * 'a ' would be one key and ON DUPLICATE KEY UPDATE would merge different source rows.
 *
 * <p>MySQL: {@code jdbc:mysql:} URLs get this dialect too. MySQL 8 will need a variant: it has no
 * {@code utf8mb4_nopad_bin} (its {@code utf8mb4_0900_bin} is the NO PAD binary collation); from
 * 8.0.20 it deprecates {@code VALUES(c)} in ON DUPLICATE KEY UPDATE in favour of a row alias; and with
 * {@code enforce_gtid_consistency} before 8.0.13 it refuses temporary tables inside a transaction.
 */
public final class MariaDbDialect extends GeneralDialect {

    /**
     * From this many rows on, LOAD DATA into a staging table beats multi-row statements: below, its
     * four extra round trips cost more than it saves (measured on MariaDB 11.4 with 10-column rows,
     * MariaDbWriteBenchmark: even at 1,000 rows, ahead from 3,000).
     */
    static final int STAGE_THRESHOLD = 1_000;
    private static final int MAX_IDENTIFIER_CHARS = 64;
    /** MariaDB's DECIMAL: at most 65 digits, at most 38 after the point. */
    private static final int MAX_DECIMAL_PRECISION = 65;
    private static final int MAX_DECIMAL_SCALE = 38;
    private static final String TEXT = "LONGTEXT CHARACTER SET utf8mb4";
    private static final String KEY_TEXT = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin";
    private static final String STAGE = "sluice_stage";
    /** The server's answer to LOAD DATA LOCAL when its local_infile is OFF. */
    private static final int ER_NOT_ALLOWED_COMMAND = 1148;

    /**
     * The staging table is written once and scanned once, inside the flush's transaction: MyISAM
     * (in MariaDB and MySQL alike) does that with less work than a temporary InnoDB table, which
     * keeps undo for it (about 20% less CPU per row, measured), and rollback has nothing to undo in
     * a table that is dropped anyway. Where MyISAM is not available the server substitutes its
     * default engine (the session's sql_mode leaves NO_ENGINE_SUBSTITUTION out, see WarehouseDataSource).
     */
    static final String STAGE_ENGINE = "MyISAM";

    private final int stageThreshold;
    private final String stageEngine;
    /** The server's max_allowed_packet, read once; 0 until then. */
    private volatile long maxAllowedPacket;

    public MariaDbDialect() {
        this(STAGE_THRESHOLD, STAGE_ENGINE);
    }

    /**
     * @param stageThreshold rows from which upserts go through a staging table
     * @param stageEngine    the staging table's storage engine (the benchmark compares others)
     */
    MariaDbDialect(int stageThreshold, String stageEngine) {
        // A BMP character is at most 3 UTF-8 bytes; quote() checks the limit in characters.
        super('`', 3 * MAX_IDENTIFIER_CHARS);
        this.stageThreshold = stageThreshold;
        this.stageEngine = stageEngine;
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String quote(String identifier) {
        if (identifier != null) {
            if (identifier.codePointCount(0, identifier.length()) > MAX_IDENTIFIER_CHARS) {
                throw new IllegalArgumentException("identifier '" + identifier + "' is longer than mariadb's limit of "
                        + MAX_IDENTIFIER_CHARS + " characters");
            }
            if (identifier.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
                throw new IllegalArgumentException("identifier '" + identifier + "' contains a character outside"
                        + " Unicode's Basic Multilingual Plane (such as an emoji), which mariadb does not allow in names");
            }
            if (identifier.endsWith(" ")) {
                throw new IllegalArgumentException("identifier '" + identifier + "' ends with a space, which mariadb"
                        + " does not allow in names");
            }
        }
        return super.quote(identifier);
    }

    @Override
    protected String currentSchemaSql() {
        return "SELECT database()";
    }

    @Override
    public String sqlType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "TINYINT(1)";
            case INT16 -> "SMALLINT";
            case INT32 -> "INT";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case DECIMAL -> fitsDecimal(type) ? "DECIMAL(" + type.precision() + "," + type.scale() + ")" : TEXT;
            // A NUMERIC without precision can hold more digits than any DECIMAL (PostgreSQL: 131,072
            // before the point, 16,383 after); DECIMAL(65,30) would round or reject some of them.
            // Exact text keeps every value; a query casts it where it needs arithmetic.
            case NUMERIC -> TEXT;
            case TEXT -> TEXT;
            case BYTES -> "LONGBLOB";
            case DATE -> "DATE";
            case TIME -> "TIME(6)";
            case TIMESTAMP -> "DATETIME(6)";
            // MariaDB has no type with a zone, and TIMESTAMP ends in 2038 (2106 from 11.5) and converts
            // through the session time zone. The instant is stored as its UTC date-time.
            case TIMESTAMPTZ -> "DATETIME(6)";
            // An alias of LONGTEXT with a JSON_VALID check; the text is kept as the source wrote it.
            case JSON -> "JSON";
            // MariaDB 10.7+ has a UUID type (16 bytes), but MariaDB 10.6 LTS and MySQL do not; the text
            // form works on all of them and reads back as the canonical lower-case string.
            case UUID -> "CHAR(36) CHARACTER SET ascii COLLATE ascii_bin";
            // No interval type: the exact text "<y> years <m> months <d> days h:mm:ss.ffffff".
            case INTERVAL -> "VARCHAR(80)";
        };
    }

    @Override
    protected String columnType(ColumnType type, boolean inKey) {
        if (!inKey) {
            return sqlType(type);
        }
        return switch (type.kind()) {
            case TEXT, JSON, NUMERIC -> KEY_TEXT;
            case DECIMAL -> fitsDecimal(type) ? sqlType(type) : KEY_TEXT;
            case BYTES -> "VARBINARY(255)";
            default -> sqlType(type);
        };
    }

    private static boolean fitsDecimal(ColumnType type) {
        return type.precision() >= 1 && type.precision() <= MAX_DECIMAL_PRECISION
                && type.scale() >= 0 && type.scale() <= Math.min(MAX_DECIMAL_SCALE, type.precision());
    }

    @Override
    protected long maxStatementBytes(Connection connection) throws SQLException {
        long packet = maxAllowedPacket;
        if (packet == 0) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT @@max_allowed_packet")) {
                result.next();
                packet = result.getLong(1);
            }
            maxAllowedPacket = packet;
        }
        // The rest is room for the statement's SQL around the values.
        return packet - packet / 4;
    }

    /** MariaDB's upsert clause; with no column outside the key, a no-op update keeps the row. */
    @Override
    protected String onConflictUpdate(WarehouseTable table) {
        StringJoiner set = new StringJoiner(", ", "ON DUPLICATE KEY UPDATE ", "");
        for (Column column : table.columns()) {
            if (!table.key().contains(column)) {
                set.add(quote(column.name()) + " = VALUES(" + quote(column.name()) + ")");
            }
        }
        if (set.length() == "ON DUPLICATE KEY UPDATE ".length()) {
            String key = quote(table.key().get(0).name());
            set.add(key + " = " + key);
        }
        return set.toString();
    }

    @Override
    public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        rejectNonFiniteFloats(table, rows);
        if (rows.size() < stageThreshold) {
            super.upsert(connection, table, rows);
            return;
        }
        TableName stage = stage(connection, table, rows);
        String columns = columnList(table.columns());
        execute(connection, "INSERT INTO " + qualified(table.name()) + " (" + columns + ") SELECT " + columns
                + " FROM " + qualified(stage) + " " + onConflictUpdate(table));
        execute(connection, "DROP TEMPORARY TABLE " + qualified(stage));
    }

    /**
     * Creates a temporary table with the target's types for these columns (no keys: it is only
     * scanned) and streams the rows into it. Temporary tables commit nothing implicitly, so this runs
     * inside the flush's transaction; one left behind by a failed flush on this pooled connection is
     * dropped first.
     */
    private TableName stage(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
        TableName stage = new TableName(table.name().schema(), STAGE);
        List<Column> columns = table.columns();
        String columnList = columnList(columns);
        execute(connection, "DROP TEMPORARY TABLE IF EXISTS " + qualified(stage));
        execute(connection, "CREATE TEMPORARY TABLE " + qualified(stage) + " ENGINE=" + stageEngine + " SELECT "
                + columnList + " FROM " + qualified(table.name()) + " LIMIT 0");
        ColumnType.Kind[] kinds = columns.stream().map(column -> column.type().kind()).toArray(ColumnType.Kind[]::new);
        try (Statement statement = connection.createStatement()) {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new LoadDataStream(rows, kinds));
            try {
                statement.execute("LOAD DATA LOCAL INFILE 'sluice-rows' INTO TABLE " + qualified(stage)
                        + " CHARACTER SET binary (" + columnList + ")");
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_NOT_ALLOWED_COMMAND) {
                    throw new SQLException("the warehouse server refuses LOAD DATA LOCAL INFILE, which Sluice uses for"
                            + " flushes of " + stageThreshold + " rows and more: set local_infile=ON on it (MySQL 8's"
                            + " default is OFF)", e.getSQLState(), e.getErrorCode(), e);
                }
                throw e;
            }
            // LOCAL turns data errors into warnings (the server cannot stop the client's stream), so a
            // value the column cannot hold would be stored changed: any warning fails the flush.
            SQLWarning warning = statement.getWarnings();
            if (warning != null) {
                throw new SQLDataException("mariadb could not load every value of table '" + table.name()
                        + "' unchanged: " + describe(warning), "22000"); // a data exception: quarantined
            }
        }
        return stage;
    }

    private static String describe(SQLWarning warning) {
        StringJoiner text = new StringJoiner("; ");
        for (SQLWarning w = warning; w != null && text.length() < 1000; w = w.getNextWarning()) {
            text.add(w.getMessage());
        }
        return text.toString();
    }

    /** MariaDB's FLOAT and DOUBLE have no NaN or infinities; storing NULL instead would lose data silently. */
    private void rejectNonFiniteFloats(WarehouseTable table, List<Object[]> rows) throws UnstorableValueException {
        List<Column> columns = table.columns();
        for (int c = 0; c < columns.size(); c++) {
            ColumnType.Kind kind = columns.get(c).type().kind();
            if (kind != ColumnType.Kind.FLOAT32 && kind != ColumnType.Kind.FLOAT64) {
                continue;
            }
            for (Object[] row : rows) {
                if (row[c] instanceof Number number && !Double.isFinite(number.doubleValue())) {
                    throw new UnstorableValueException(name(), table.name(), columns.get(c).name(), keyOf(table, row),
                            number, "its FLOAT and DOUBLE types have no NaN or Infinity");
                }
            }
        }
    }

    private static RowKey keyOf(WarehouseTable table, Object[] row) {
        Object[] key = new Object[table.key().size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[table.columns().indexOf(table.key().get(i))];
        }
        return new RowKey(key);
    }

    /**
     * Server errors about the data that MariaDB reports with the generic SQLSTATE HY000: 1048 null in a
     * NOT NULL column, 1264 out of range, 1265 truncated, 1292 bad date-time, 1366 incorrect value, 1406
     * too long, 3140 invalid JSON, 4025 a CHECK constraint (JSON_VALID) failed.
     */
    private static final java.util.Set<Integer> DATA_ERROR_CODES = java.util.Set.of(1048, 1264, 1265, 1292, 1366,
            1406, 3140, 4025);

    @Override
    public boolean isDataError(SQLException error) {
        return super.isDataError(error) || DATA_ERROR_CODES.contains(error.getErrorCode());
    }

    /** Without {@code TEMPORARY}, DROP TABLE commits the transaction on MySQL and MariaDB. */
    @Override
    protected String dropTemporaryTableSql(String quotedName) {
        return "DROP TEMPORARY TABLE " + quotedName;
    }

    /** MySQL-family servers have no {@code UPDATE … FROM}; the same as a join. */
    @Override
    protected String updateFromSql(String target, String stage, Column validTo, Column current, String match,
                                   String stillCurrent) {
        return "UPDATE " + target + " JOIN " + stage + " s ON " + match + " SET " + target + "." + quote(validTo.name())
                + " = s." + quote(validTo.name()) + ", " + target + "." + quote(current.name()) + " = ? WHERE " + stillCurrent;
    }

    @Override
    public void alterColumnType(Connection connection, TableName table, Column column) throws SQLException {
        execute(connection, "ALTER TABLE " + qualified(table) + " MODIFY COLUMN " + quote(column.name()) + " "
                + sqlType(column.type()));
    }

    @Override
    protected void bind(PreparedStatement statement, int index, Object value, ColumnType type) throws SQLException {
        if (value == null) {
            super.bind(statement, index, null, type);
            return;
        }
        switch (type.kind()) {
            case TIMESTAMPTZ -> statement.setObject(index,
                    ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case DECIMAL, NUMERIC -> {
                if (type.kind() == ColumnType.Kind.DECIMAL && fitsDecimal(type)) {
                    statement.setBigDecimal(index, (BigDecimal) value);
                } else {
                    statement.setString(index, ((BigDecimal) value).toPlainString());
                }
            }
            case JSON, UUID, INTERVAL -> statement.setString(index, value.toString());
            // As the exact double: the server parses "3.4028235E38" (Float.MAX_VALUE's shortest text)
            // as a double above FLT_MAX and rejects it as out of range.
            case FLOAT32 -> statement.setDouble(index, (Float) value);
            default -> statement.setObject(index, value);
        }
    }
}
