package io.sluice.connector.dialect.mariadb;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.ColumnType.Kind;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseDataSource;
import io.sluice.connector.writer.WarehouseTable;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: measures MariaDB write paths on 10-column rows, to choose the dialect's paths and its
 * staging threshold. Run it alone:
 *
 * <pre>
 * ./mvnw -o -q test -pl testing,connector -Dtest=MariaDbWriteBenchmark -Dsluice.bench=true \
 *     [-Dsluice.bench.rows=20000,200000] [-Dsluice.bench.rounds=5] \
 *     [-Dsluice.bench.paths=multi,load,loadInnoDB,loadAria,bulk,stagedDelete,replace,dialect] \
 *     [-Dsluice.bench.url=jdbc:mariadb://127.0.0.1:3306/bench -Dsluice.bench.user=root]
 * </pre>
 *
 * Each round writes N rows into an empty table (inserts), then N changed rows over them (updates),
 * then deletes N/2 keys, each as one flush in one transaction, path after path. It prints per step
 * the best and median rows/s of the rounds, and rows per CPU-second of this JVM plus the server: on
 * a machine shared with other builds the wall time swings with their load, the CPU a path costs
 * much less.
 */
@EnabledIfSystemProperty(named = "sluice.bench", matches = "true")
class MariaDbWriteBenchmark {

    private static final List<Column> COLUMNS = List.of(
            column("id", ColumnType.of(Kind.INT64)),
            column("name", ColumnType.of(Kind.TEXT)),
            column("email", ColumnType.of(Kind.TEXT)),
            column("qty", ColumnType.of(Kind.INT32)),
            column("amount", ColumnType.decimal(12, 2)),
            column("score", ColumnType.of(Kind.FLOAT64)),
            column("active", ColumnType.of(Kind.BOOLEAN)),
            column("created_at", ColumnType.of(Kind.TIMESTAMP)),
            column("birthday", ColumnType.of(Kind.DATE)),
            column("updated_at", ColumnType.of(Kind.TIMESTAMPTZ)));
    private static final String[] STEPS = {"insert", "update", "delete"};

    /** One way of applying a flush. */
    private interface Path {
        void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException;

        void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException;
    }

    private record Variant(String label, DataSource dataSource, Path path) {
    }

    private interface Step {
        void run() throws SQLException;
    }

    private long serverPid;

    @Test
    void measure() throws Exception {
        String url = System.getProperty("sluice.bench.url");
        TestDatabase database = url == null ? TestDatabases.mariadb().createDatabase() : null;
        String jdbcUrl = url != null ? url : database.jdbcUrl();
        String user = url != null ? System.getProperty("sluice.bench.user", "root") : database.user();
        String password = url != null ? System.getProperty("sluice.bench.password", "") : database.password();
        try (var plain = WarehouseDataSource.create("bench", jdbcUrl, user, password, 1);
             var bulk = WarehouseDataSource.create("bench-bulk", jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                     + "useBulkStmts=true&useServerPrepStmts=true", user, password, 1)) {
            describeServer(plain);
            List<Variant> variants = new ArrayList<>();
            for (String path : System.getProperty("sluice.bench.paths", "multi,load,loadInnoDB,replace").split(",")) {
                variants.add(switch (path) {
                    case "multi" -> new Variant("multi-row INSERT … ODKU", plain,
                            dialectPath(new MariaDbDialect(Integer.MAX_VALUE, MariaDbDialect.STAGE_ENGINE)));
                    case "load" -> new Variant("LOAD DATA + INSERT … SELECT", plain,
                            dialectPath(new MariaDbDialect(0, MariaDbDialect.STAGE_ENGINE)));
                    case "loadInnoDB" -> new Variant("  same, InnoDB staging", plain, dialectPath(new MariaDbDialect(0, "InnoDB")));
                    case "loadAria" -> new Variant("  same, Aria staging", plain, dialectPath(new MariaDbDialect(0, "Aria")));
                    case "bulk" -> new Variant("bulk executeBatch ODKU", bulk, bulkPath());
                    case "stagedDelete" -> new Variant("LOAD DATA, staged DELETE JOIN", plain, stagedDeletePath());
                    case "dialect" -> new Variant("MariaDbDialect as shipped", plain, dialectPath(new MariaDbDialect()));
                    case "replace" -> new Variant("LOAD DATA … REPLACE (limit)", plain, replacePath());
                    default -> throw new IllegalArgumentException("unknown path " + path);
                });
            }
            for (String size : System.getProperty("sluice.bench.rows", "20000,200000").split(",")) {
                int rows = Integer.parseInt(size.trim());
                int rounds = Integer.getInteger("sluice.bench.rounds", rows >= 100_000 ? 3 : 5);
                long[][][] measured = new long[variants.size()][rounds][];
                for (int round = 0; round < rounds; round++) {
                    for (int v = 0; v < variants.size(); v++) {
                        measured[v][round] = round(variants.get(v), rows);
                    }
                }
                for (int v = 0; v < variants.size(); v++) {
                    report(variants.get(v).label(), rows, measured[v]);
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private void describeServer(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet server = statement.executeQuery("SELECT version(), @@max_allowed_packet, @@innodb_buffer_pool_size,"
                     + " @@innodb_flush_log_at_trx_commit, @@pid_file, @@datadir")) {
            server.next();
            System.out.printf("server %s, max_allowed_packet %d, innodb_buffer_pool_size %d, innodb_flush_log_at_trx_commit %d,"
                            + " %d CPUs%n", server.getString(1), server.getLong(2), server.getLong(3), server.getLong(4),
                    Runtime.getRuntime().availableProcessors());
            try {
                java.nio.file.Path pidFile = java.nio.file.Path.of(server.getString(6)).resolve(server.getString(5));
                serverPid = Long.parseLong(Files.readString(pidFile).trim());
            } catch (IOException | NumberFormatException | SecurityException e) {
                System.out.println("server CPU not measured (rows/cpu-s counts this JVM only): " + e);
            }
        }
    }

    /** Inserts into an empty table, updates of every row, deletes of half: wall then CPU nanoseconds of each. */
    private long[] round(Variant variant, int rows) throws SQLException {
        MariaDbDialect ddl = new MariaDbDialect();
        long[] nanos = new long[6];
        TableName name = new TableName(null, "bench_" + rows);
        WarehouseTable table = new WarehouseTable(name, COLUMNS, COLUMNS.subList(0, 1));
        List<Object[]> inserts = rows(rows, 1);
        List<Object[]> updates = rows(rows, 2);
        List<RowKey> deletes = new ArrayList<>();
        for (long id = 0; id < rows; id += 2) {
            deletes.add(new RowKey(new Object[] {id}));
        }
        Path path = variant.path();
        try (Connection connection = variant.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + ddl.qualified(name));
            }
            ddl.createTable(connection, name, COLUMNS, table.key());
            connection.setAutoCommit(false);
            timed(connection, nanos, 0, () -> path.upsert(connection, table, inserts));
            timed(connection, nanos, 1, () -> path.upsert(connection, table, updates));
            timed(connection, nanos, 2, () -> path.delete(connection, table, deletes));
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*), count(DISTINCT name) FROM " + ddl.qualified(name)
                         + " WHERE name LIKE '% v2'")) {
                count.next();
                if (count.getLong(1) != rows / 2 || count.getLong(2) != rows / 2) {
                    throw new AssertionError(variant.label() + ": expected " + rows / 2 + " updated rows, found "
                            + count.getLong(1));
                }
            }
        }
        return nanos;
    }

    /** Prints per step the best and the median rows/s of the rounds, and the median rows per CPU-second. */
    private static void report(String label, int rows, long[][] rounds) {
        StringBuilder line = new StringBuilder(String.format("%-30s %7d rows:", label, rows));
        for (int step = 0; step < 3; step++) {
            long[] wall = new long[rounds.length];
            long[] cpu = new long[rounds.length];
            for (int r = 0; r < rounds.length; r++) {
                wall[r] = rounds[r][step];
                cpu[r] = rounds[r][3 + step];
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            double stepRows = step == 2 ? rows / 2 : rows;
            line.append(String.format("  %s %,8.0f best %,8.0f median rows/s %,8.0f rows/cpu-s", STEPS[step],
                    stepRows * 1e9 / wall[0], stepRows * 1e9 / wall[wall.length / 2], stepRows * 1e9 / cpu[cpu.length / 2]));
        }
        System.out.println(line);
    }

    private void timed(Connection connection, long[] into, int step, Step work) throws SQLException {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        work.run();
        connection.commit();
        into[step] = System.nanoTime() - start;
        into[3 + step] = cpuNanos() - cpu;
    }

    /** CPU time of this JVM plus the server's (when it runs on this machine). */
    private long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        if (serverPid <= 0) {
            return jvm;
        }
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            return jvm + ticks * 10_000_000L; // at USER_HZ = 100
        } catch (IOException e) {
            return jvm;
        }
    }

    private static Path dialectPath(MariaDbDialect dialect) {
        return new Path() {
            public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
                dialect.upsert(connection, table, rows);
            }

            public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
                dialect.delete(connection, table, keys);
            }
        };
    }

    /** One single-row statement, its parameter sets sent as one batch (COM_STMT_BULK_EXECUTE with useBulkStmts). */
    private static Path bulkPath() {
        MariaDbDialect dialect = new MariaDbDialect();
        return new Path() {
            public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
                StringJoiner columns = new StringJoiner(", ");
                StringJoiner values = new StringJoiner(", ");
                StringJoiner set = new StringJoiner(", ");
                for (Column column : table.columns()) {
                    String quoted = dialect.quote(column.name());
                    columns.add(quoted);
                    values.add("?");
                    if (!table.key().contains(column)) {
                        set.add(quoted + " = VALUES(" + quoted + ")");
                    }
                }
                String sql = "INSERT INTO " + dialect.qualified(table.name()) + " (" + columns + ") VALUES (" + values
                        + ") ON DUPLICATE KEY UPDATE " + set;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (Object[] row : rows) {
                        for (int c = 0; c < row.length; c++) {
                            dialect.bind(statement, c + 1, row[c], table.columns().get(c).type());
                        }
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }

            /** A batched DELETE fails in bulk mode on 11.4 ("(conn=n)" without a message): multi-row instead. */
            public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
                dialect.delete(connection, table, keys);
            }
        };
    }

    /** The dialect's upserts; deletes stream the keys into a staging table and delete with a join. */
    private static Path stagedDeletePath() {
        MariaDbDialect dialect = new MariaDbDialect(0, MariaDbDialect.STAGE_ENGINE);
        return new Path() {
            public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
                dialect.upsert(connection, table, rows);
            }

            public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
                String key = dialect.quote(table.key().get(0).name());
                List<Object[]> rows = keys.stream().map(RowKey::values).toList();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMPORARY TABLE bench_keys ENGINE=MyISAM SELECT " + key + " FROM "
                            + dialect.qualified(table.name()) + " LIMIT 0");
                    statement.unwrap(org.mariadb.jdbc.Statement.class)
                            .setLocalInfileInputStream(new LoadDataStream(rows, new Kind[] {Kind.INT64}));
                    statement.execute("LOAD DATA LOCAL INFILE 'keys' INTO TABLE bench_keys CHARACTER SET binary (" + key + ")");
                    statement.execute("DELETE t FROM " + dialect.qualified(table.name()) + " t JOIN bench_keys s ON t."
                            + key + " = s." + key);
                    statement.execute("DROP TEMPORARY TABLE bench_keys");
                }
            }
        };
    }

    /**
     * LOAD DATA … REPLACE straight into the table: no staging, and REPLACE rather than update semantics
     * (columns outside the row would be reset), so only the limit the other paths are measured against.
     */
    private static Path replacePath() {
        MariaDbDialect dialect = new MariaDbDialect();
        return new Path() {
            public void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException {
                Kind[] kinds = table.columns().stream().map(c -> c.type().kind()).toArray(Kind[]::new);
                StringJoiner columns = new StringJoiner(", ");
                table.columns().forEach(c -> columns.add(dialect.quote(c.name())));
                try (Statement statement = connection.createStatement()) {
                    statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new LoadDataStream(rows, kinds));
                    statement.execute("LOAD DATA LOCAL INFILE 'rows' REPLACE INTO TABLE " + dialect.qualified(table.name())
                            + " CHARACTER SET binary (" + columns + ")");
                }
            }

            public void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException {
                dialect.delete(connection, table, keys);
            }
        };
    }

    private static List<Object[]> rows(int count, int version) {
        Random random = new Random(42 + version);
        List<Object[]> rows = new ArrayList<>(count);
        LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (long id = 0; id < count; id++) {
            rows.add(new Object[] {
                    id,
                    "customer " + id + " v" + version,
                    "user" + id + "@example.com",
                    random.nextInt(1000) + 1,
                    BigDecimal.valueOf(random.nextInt(10_000_000), 2),
                    random.nextDouble() * 100,
                    random.nextBoolean(),
                    base.plusSeconds(random.nextInt(10_000_000)).plusNanos(random.nextInt(1_000_000) * 1000L),
                    LocalDate.of(1950 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                    OffsetDateTime.of(base.plusSeconds(id), ZoneOffset.ofHours(2)),
            });
        }
        return rows;
    }

    private static Column column(String name, ColumnType type) {
        return new Column(name, type, !name.equals("id"), null, null);
    }
}
