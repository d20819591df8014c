package io.sluice.connector.transforms;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Keeps only some columns of both row images of a change, so the warehouse table never has the others.
 * A column stays when it matches one of the {@code include} expressions (or {@code include} is empty)
 * and none of the {@code exclude} expressions; expressions match the whole column name.
 *
 * <p>A primary-key column (a field of the record's key struct) is never dropped: the writer needs it
 * to keep the warehouse row for row in step. Patterns that would drop one are a configuration error,
 * raised with the column's name on the first change of that table.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Columns<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Keep only the columns of Debezium change events (before and after"
            + " row images) that match 'include' and not 'exclude'. Refuses to drop a primary-key column.";

    public static final String INCLUDE_CONFIG = "include";
    public static final String EXCLUDE_CONFIG = "exclude";

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(INCLUDE_CONFIG, ConfigDef.Type.LIST, List.of(), RegexList.VALIDATOR, ConfigDef.Importance.HIGH,
                    "Regular expressions, comma-separated, matched against whole column names: only matching columns"
                            + " stay. Empty: every column, less the excluded ones.")
            .define(EXCLUDE_CONFIG, ConfigDef.Type.LIST, List.of(), RegexList.VALIDATOR, ConfigDef.Importance.HIGH,
                    "Regular expressions, comma-separated, matched against whole column names: matching columns are"
                            + " dropped, even when included.");

    private List<Pattern> include;
    private List<Pattern> exclude;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        include = RegexList.compile(INCLUDE_CONFIG, config.getList(INCLUDE_CONFIG));
        exclude = RegexList.compile(EXCLUDE_CONFIG, config.getList(EXCLUDE_CONFIG));
        if (include.isEmpty() && exclude.isEmpty()) {
            throw new ConfigException("Columns needs '" + INCLUDE_CONFIG + "' or '" + EXCLUDE_CONFIG + "' (or both):"
                    + " with neither it would keep every column");
        }
    }

    boolean keeps(String column) {
        return (include.isEmpty() || RegexList.matchesAny(include, column)) && !RegexList.matchesAny(exclude, column);
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        SchemaBuilder builder = rowSchemaLike(rowSchema);
        Set<String> dropped = new HashSet<>();
        for (Field field : rowSchema.fields()) {
            if (keeps(field.name())) {
                builder.field(field.name(), field.schema());
            } else {
                dropped.add(field.name());
            }
        }
        return dropped.isEmpty() ? unchanged(rowSchema) : new ColumnsPlan(rowSchema, builder.build(), Set.copyOf(dropped));
    }

    private final class ColumnsPlan extends CopyingPlan {

        private final Set<String> dropped;

        ColumnsPlan(Schema input, Schema kept, Set<String> dropped) {
            super(input, kept, new boolean[kept.fields().size()]);
            this.dropped = dropped;
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            return input;
        }

        @Override
        public void checkKey(Schema keySchema, Struct envelope) {
            refuseKeyColumns(dropped, keySchema, envelope, "Columns", "drops",
                    "the warehouse needs every key column to keep rows in step: narrow '" + INCLUDE_CONFIG + "' / '"
                            + EXCLUDE_CONFIG + "' (include " + include + ", exclude " + exclude + ")");
        }
    }
}
