package io.sluice.connector.transforms;

import io.sluice.connector.transforms.filter.Expression;
import io.sluice.connector.transforms.filter.ExpressionException;
import io.sluice.connector.transforms.filter.ExpressionParser;
import io.sluice.connector.transforms.filter.RowCondition;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps or drops row changes by a condition on their column values. The condition is judged on the
 * row a change leaves behind: {@code after}, or {@code before} for a delete. With {@code action=keep}
 * the changes whose row matches pass and the others are dropped; with {@code action=drop} it is the
 * other way round. Changes of tables that {@code tables} does not select always pass.
 *
 * <p>The condition is a small SQL-like language, parsed once when the transform is configured (see
 * {@link ExpressionParser} for the grammar), for example
 * {@code status IN ('paid', 'shipped') AND NOT (amount < 0 OR email LIKE '%@test.%')}:
 * <ul>
 *   <li>comparisons {@code = != <> < <= > >=}, {@code [NOT] IN (…)}, {@code [NOT] LIKE} with {@code %}
 *       and {@code _}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}, parentheses;
 *       NOT binds tighter than AND, AND tighter than OR;</li>
 *   <li>literals: integers and decimals ({@code -1.5}), {@code 'text'} ({@code ''} for a quote),
 *       {@code true}, {@code false}, {@code null}; column names bare or {@code "double quoted"};</li>
 *   <li>numbers compare numerically across INT, DECIMAL and FLOAT columns; text as text; dates, times
 *       and timestamps against ISO text such as {@code created_at >= '2024-01-01'}. A literal that does
 *       not fit its column (text for a number column, say) is a configuration error raised on the first
 *       change of that table;</li>
 *   <li>SQL's three-valued logic: a comparison with a null value is unknown, and an unknown condition
 *       does not match, so {@code action=keep} drops the row and {@code action=drop} keeps it.</li>
 * </ul>
 * <b>A column the table does not have reads as null</b> (so {@code deleted_at IS NULL} holds for a
 * table without that column, and a condition may name a column a table gains later); a warning names
 * such columns once per table version, so that a misspelt name does not go unnoticed.
 *
 * <p>Note what filtering a change stream means for the warehouse: an update whose new row no longer
 * matches is dropped like any other, so the warehouse keeps the row as it last matched.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Filter<R extends ConnectRecord<R>> extends EnvelopeTransformation<R> {

    public static final String OVERVIEW_DOC = "Keep, or drop, Debezium row changes whose row (after; before for"
            + " deletes) matches a condition in a small SQL-like language: comparisons, IN, LIKE, IS NULL, AND, OR,"
            + " NOT, parentheses.";

    public static final String CONDITION_CONFIG = "condition";
    public static final String ACTION_CONFIG = "action";

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(CONDITION_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.LambdaValidator.with(Filter::validateCondition, () -> "a condition"),
                    ConfigDef.Importance.HIGH, "The condition on column values, e.g. status IN ('paid', 'shipped')"
                            + " AND amount >= 10. A column the table lacks reads as null.")
            .define(ACTION_CONFIG, ConfigDef.Type.STRING, "keep", ConfigDef.ValidString.in("keep", "drop"),
                    ConfigDef.Importance.HIGH, "'keep': pass the changes whose row matches, drop the others. 'drop':"
                            + " drop the changes whose row matches, pass the others.");

    private static final Logger LOG = LoggerFactory.getLogger(Filter.class);

    private final SchemaCache<RowCondition> conditions = new SchemaCache<>(SCHEMA_CACHE_SIZE);
    /** {@link #bind}, made once: a lambda made per call allocates per record. */
    private final java.util.function.BiFunction<Schema, Struct, RowCondition> binder = this::bind;
    private final LongAdder dropped = new LongAdder();
    private String conditionText;
    private Expression condition;
    private boolean keepMatches;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        conditionText = config.getString(CONDITION_CONFIG);
        condition = ExpressionParser.parse(conditionText);
        keepMatches = config.getString(ACTION_CONFIG).equals("keep");
    }

    private static void validateCondition(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(name, value, "give a condition, e.g. status = 'active'");
        }
        try {
            ExpressionParser.parse(value.toString());
        } catch (ExpressionException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    protected boolean applyToChange(RowChange<R> change) {
        Struct row = change.governedRow();
        if (row == null) {
            return true; // a truncate or a message: no row to judge
        }
        if (conditionFor(row.schema(), change.envelope()).matches(row) == keepMatches) {
            return true;
        }
        dropped.increment();
        return false;
    }

    private RowCondition conditionFor(Schema rowSchema, Struct envelope) {
        return conditions.get(rowSchema, envelope, binder);
    }

    private RowCondition bind(Schema rowSchema, Struct envelope) {
        try {
            RowCondition bound = RowCondition.bind(condition, rowSchema);
            if (!bound.missingColumns().isEmpty()) {
                LOG.warn("Filter condition '{}' names columns that {} does not have: {}; they read as null",
                        conditionText, Envelope.tableName(envelope), bound.missingColumns());
            }
            return bound;
        } catch (ExpressionException e) {
            throw new ConfigException(CONDITION_CONFIG, conditionText, "does not fit the columns of "
                    + Envelope.tableName(envelope) + ": " + e.getMessage());
        }
    }

    /** Changes this transform has dropped since it started. */
    public long droppedRecords() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return "Filter[" + (keepMatches ? "keep " : "drop ") + condition + "]";
    }
}
