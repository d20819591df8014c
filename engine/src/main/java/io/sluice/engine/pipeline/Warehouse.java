package io.sluice.engine.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.config.PipelineConfig;
import io.sluice.config.WarehouseConfig;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.DeleteMode;
import io.sluice.connector.writer.QuarantineTable;
import io.sluice.connector.writer.TableNaming;
import io.sluice.connector.writer.WarehouseDataSource;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.connector.writer.WriterOptions;
import java.sql.SQLException;

/** The warehouse of a pipeline file: its connection pool and dialect, and writers set up as the file says. */
public final class Warehouse implements AutoCloseable {

    private final PipelineConfig config;
    private final HikariDataSource dataSource;
    private final DatabaseDialect dialect;

    private Warehouse(PipelineConfig config, HikariDataSource dataSource, DatabaseDialect dialect) {
        this.config = config;
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Connects, failing with a message that says where and why, never with a password. */
    public static Warehouse open(PipelineConfig config, int connections) throws SQLException {
        WarehouseConfig wh = config.warehouse();
        String url = jdbcUrl(wh);
        DatabaseDialect dialect = Dialects.forJdbcUrl(url);
        try {
            return new Warehouse(config, WarehouseDataSource.create(config.name(), url, wh.user(), wh.password(),
                    connections), dialect);
        } catch (RuntimeException e) {
            throw new SQLException("cannot connect to the " + dialect.name() + " warehouse at " + describe(wh) + ": "
                    + rootMessage(e), e);
        }
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public DatabaseDialect dialect() {
        return dialect;
    }

    public String schema() {
        return config.warehouse().schema();
    }

    /** The quarantine table as the given source writes it ({@code origin} = pipeline/source). */
    public QuarantineTable quarantine(String source) {
        return new QuarantineTable(dialect, schema(), config.name() + "/" + source);
    }

    /** A writer for one source, with the file's naming, delete mode and schema policy. */
    public WarehouseWriter writer(String source) {
        WarehouseConfig wh = config.warehouse();
        return new WarehouseWriter(dataSource, dialect, new TableNaming(wh.tableNameTemplate(), wh.schema()),
                quarantine(source), new WriterOptions(DeleteMode.valueOf(wh.deleteMode().name()),
                        WriterOptions.SchemaEvolution.valueOf(wh.schemaChanges().name())));
    }

    /** Where the warehouse is, without credentials. */
    public String describe() {
        return describe(config.warehouse());
    }

    /** What and where the warehouse is, without credentials, e.g. {@code postgres warehouse jdbc:postgresql://wh/db}. */
    public String description() {
        return dialect.name() + " warehouse " + describe();
    }

    static String jdbcUrl(WarehouseConfig warehouse) {
        return switch (warehouse.type()) {
            case DUCKDB -> "jdbc:duckdb:" + warehouse.path().toAbsolutePath();
            case POSTGRES, MARIADB -> warehouse.url();
        };
    }

    private static String describe(WarehouseConfig warehouse) {
        return warehouse.path() != null ? warehouse.path().toString() : warehouse.url().replaceAll("\\?.*", "");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
