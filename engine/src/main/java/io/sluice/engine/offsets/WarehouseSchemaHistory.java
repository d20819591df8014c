package io.sluice.engine.offsets;

import io.debezium.config.Configuration;
import io.debezium.document.DocumentReader;
import io.debezium.document.DocumentWriter;
import io.debezium.relational.history.AbstractSchemaHistory;
import io.debezium.relational.history.HistoryRecord;
import io.debezium.relational.history.HistoryRecordComparator;
import io.debezium.relational.history.SchemaHistoryException;
import io.debezium.relational.history.SchemaHistoryListener;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Debezium's schema history for MySQL-family sources in the standalone engine
 * ({@code schema.history.internal}), stored in the warehouse's {@link SchemaHistoryTable}.
 *
 * <p>Records are stored when Debezium sees DDL, outside the flush transactions; on recovery Debezium
 * replays them only up to the committed offset, so a record stored ahead of a crash is harmless.
 */
public final class WarehouseSchemaHistory extends AbstractSchemaHistory {

    /** Engine property naming the {@link Binding} this history uses. */
    public static final String ID_PROPERTY = "schema.history.internal.sluice.id";

    private static final Registry<Binding> REGISTRY = new Registry<>("schema history");

    /** Where one source's history lives. */
    public record Binding(SchemaHistoryTable table, String pipeline, String source) {
    }

    private Binding binding;
    private long nextSeq;

    public static void register(String id, Binding binding) {
        REGISTRY.register(id, binding);
    }

    public static void unregister(String id) {
        REGISTRY.unregister(id);
    }

    @Override
    public void configure(Configuration config, HistoryRecordComparator comparator, SchemaHistoryListener listener,
                          boolean useCatalogBeforeSchema) {
        super.configure(config, comparator, listener, useCatalogBeforeSchema);
        binding = REGISTRY.lookup(config.getString(ID_PROPERTY));
    }

    @Override
    protected synchronized void storeRecord(HistoryRecord record) throws SchemaHistoryException {
        try {
            binding.table().append(binding.pipeline(), binding.source(), nextSeq,
                    DocumentWriter.defaultWriter().write(record.document()));
            nextSeq++;
        } catch (IOException | SQLException e) {
            throw new SchemaHistoryException("source '" + binding.source() + "': cannot store schema history in the"
                    + " warehouse: " + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized void recoverRecords(Consumer<HistoryRecord> records) {
        List<String> stored = load();
        for (String text : stored) {
            try {
                records.accept(new HistoryRecord(DocumentReader.defaultReader().read(text)));
            } catch (IOException e) {
                throw new SchemaHistoryException("source '" + binding.source() + "': unreadable schema history record: "
                        + e.getMessage(), e);
            }
        }
        nextSeq = stored.size();
    }

    @Override
    public synchronized boolean exists() {
        return !load().isEmpty();
    }

    @Override
    public boolean storageExists() {
        return true; // the engine creates the table before it starts a source
    }

    private List<String> load() {
        try {
            List<String> stored = binding.table().load(binding.pipeline(), binding.source());
            nextSeq = Math.max(nextSeq, stored.size());
            return stored;
        } catch (SQLException e) {
            throw new SchemaHistoryException("source '" + binding.source() + "': cannot read schema history from the"
                    + " warehouse: " + e.getMessage(), e);
        }
    }
}
