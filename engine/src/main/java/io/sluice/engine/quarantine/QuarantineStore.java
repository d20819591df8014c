package io.sluice.engine.quarantine;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.writer.QuarantineTable;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseTable;
import io.sluice.engine.pipeline.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Reads a pipeline's quarantined records from its warehouse, and removes replayed ones in a flush's transaction. */
final class QuarantineStore {

    /** One quarantined record as {@code sluice quarantine} shows and replays it. */
    record Entry(String id, Timestamp at, String origin, String table, String key, String rule, String reason,
                 String record) {

        String source() {
            return origin.substring(origin.indexOf('/') + 1);
        }
    }

    private final Warehouse warehouse;
    private final String pipeline;
    private final QuarantineTable table;

    QuarantineStore(Warehouse warehouse, String pipeline) {
        this.warehouse = warehouse;
        this.pipeline = pipeline;
        this.table = warehouse.quarantine("*");
    }

    /** The pipeline's quarantined records, oldest first; {@code rule} and {@code ids} narrow it when given. */
    List<Entry> find(String rule, List<String> ids, int limit) throws SQLException {
        DatabaseDialect dialect = warehouse.dialect();
        StringBuilder sql = new StringBuilder("SELECT " + columns("id", "quarantined_at", "origin", "source_table",
                "record_key", "rule", "reason", "record") + " FROM " + dialect.qualified(table.name()) + " WHERE "
                + dialect.quote("origin") + " >= ? AND " + dialect.quote("origin") + " < ?");
        // Origins are "pipeline/source": the range holds exactly this pipeline's ('0' follows '/').
        List<String> parameters = new ArrayList<>(List.of(pipeline + "/", pipeline + "0"));
        if (rule != null) {
            sql.append(" AND ").append(dialect.quote("rule")).append(" = ?");
            parameters.add(rule);
        }
        if (!ids.isEmpty()) {
            sql.append(" AND ").append(dialect.quote("id")).append(" IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))).append(')');
            parameters.addAll(ids);
        }
        sql.append(" ORDER BY ").append(dialect.quote("quarantined_at"));
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = warehouse.dataSource().getConnection()) {
            table.createIfMissing(connection);
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setString(i + 1, parameters.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next() && entries.size() < limit) {
                        entries.add(new Entry(rows.getString(1), rows.getTimestamp(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8)));
                    }
                }
            }
        }
        return entries;
    }

    /** Deletes these entries inside the transaction that applies (or quarantines again) what they held. */
    TransactionParticipant removal(List<Entry> entries) {
        Column id = table.table().columns().get(0);
        WarehouseTable byId = new WarehouseTable(table.name(), List.of(id), List.of(id));
        List<RowKey> keys = entries.stream().map(e -> new RowKey(new Object[] {e.id()})).toList();
        return connection -> warehouse.dialect().delete(connection, byId, keys);
    }

    private String columns(String... names) {
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add(warehouse.dialect().quote(name));
        }
        return String.join(", ", quoted);
    }
}
