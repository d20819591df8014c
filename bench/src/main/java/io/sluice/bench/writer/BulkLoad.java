package io.sluice.bench.writer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The warehouse's own bulk load of finished rows into an empty table: the physical limit any writer of
 * these rows is measured against.
 */
interface BulkLoad {

    /** E.g. {@code COPY}. */
    String name();

    /**
     * Loads {@code rows} (values in {@link BenchTable#COLUMNS} order) into the empty {@code table} in one
     * transaction. Timed: encoding the rows, loading and committing.
     */
    Throughput load(Connection connection, String table, List<Object[]> rows) throws SQLException;
}
