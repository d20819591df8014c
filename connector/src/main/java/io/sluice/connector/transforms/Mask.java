package io.sluice.connector.transforms;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Masks columns in both row images of a change, keeping each column's type, so the warehouse table
 * keeps its shape and never receives the clear value.
 *
 * <p>{@code replacement} is one of:
 * <ul>
 *   <li>{@code null} (default): the column becomes null; a column that cannot hold null gets its zero
 *       value instead (0, false, "", the epoch, an empty collection);</li>
 *   <li>{@code same-length}: free text becomes one {@code *} per character; every other type gets its
 *       zero value (0, false, the epoch, the nil UUID, {} for JSON);</li>
 *   <li>any other text: free text becomes that text; a fixed text on a column of another type is a
 *       configuration error, raised with the column's name on the first change of its table.</li>
 * </ul>
 * A null stays null. Primary-key columns are refused: masked keys would merge distinct rows; hash them
 * with {@link Hash} instead. Columns a table does not have are ignored, so one list can serve many tables.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Mask<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Mask columns of the before and after row images of Debezium"
            + " change events, keeping each column's type: null, the same number of '*', or a fixed text."
            + " Primary-key columns are refused (use Hash).";

    public static final String COLUMNS_CONFIG = "columns";
    public static final String REPLACEMENT_CONFIG = "replacement";
    public static final String NULL_REPLACEMENT = "null";
    public static final String SAME_LENGTH_REPLACEMENT = "same-length";

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(COLUMNS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(),
                    ConfigDef.Importance.HIGH, "Names of the columns to mask, comma-separated, exactly as the source"
                            + " names them.")
            .define(REPLACEMENT_CONFIG, ConfigDef.Type.STRING, NULL_REPLACEMENT, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.MEDIUM, "'null' to blank the value, 'same-length' for one '*' per"
                            + " character of text, or a fixed text for text columns. Numbers become 0 and booleans"
                            + " false where null is not possible or 'same-length' is chosen.");

    private static final String MASK_CHARACTER = "*";
    /** Marks text masked character by character. */
    private static final Object SAME_LENGTH = new Object();

    private enum Replacement { NULL, SAME_LENGTH, FIXED }

    private Set<String> columns;
    private Replacement replacement;
    private String fixedText;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        columns = Set.copyOf(config.getList(COLUMNS_CONFIG));
        fixedText = config.getString(REPLACEMENT_CONFIG);
        replacement = switch (fixedText) {
            case NULL_REPLACEMENT -> Replacement.NULL;
            case SAME_LENGTH_REPLACEMENT -> Replacement.SAME_LENGTH;
            default -> Replacement.FIXED;
        };
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        List<Field> fields = rowSchema.fields();
        Object[] masks = new Object[fields.size()];
        boolean[] masked = new boolean[fields.size()];
        Set<String> present = new HashSet<>();
        for (Field field : fields) {
            if (columns.contains(field.name())) {
                masked[field.index()] = true;
                masks[field.index()] = maskOf(field, envelope);
                present.add(field.name());
            }
        }
        return present.isEmpty() ? unchanged(rowSchema) : new MaskPlan(rowSchema, masked, masks, Set.copyOf(present));
    }

    /** The replacement for a column's values, or {@link #SAME_LENGTH} for text masked character by character. */
    private Object maskOf(Field field, Struct envelope) {
        Schema schema = field.schema();
        boolean text = MaskedValues.isPlainText(schema);
        Object mask = switch (replacement) {
            case NULL -> schema.isOptional() ? null : MaskedValues.zeroOf(schema);
            case SAME_LENGTH -> text ? SAME_LENGTH : zeroOrNull(schema);
            case FIXED -> {
                if (!text) {
                    throw new ConfigException(REPLACEMENT_CONFIG, fixedText, "Mask cannot put a fixed text in column '"
                            + field.name() + "' of " + Envelope.tableName(envelope) + ": its type is " + describe(schema)
                            + "; use replacement=null or replacement=same-length, which mask numbers as 0 and"
                            + " booleans as false");
                }
                yield fixedText;
            }
        };
        if (mask == null && !schema.isOptional()) {
            throw new ConfigException("Mask has no value for column '" + field.name() + "' of "
                    + Envelope.tableName(envelope) + ": its type " + describe(schema) + " has no zero value and the"
                    + " column cannot be null");
        }
        return mask;
    }

    private static Object zeroOrNull(Schema schema) {
        Object zero = MaskedValues.zeroOf(schema);
        return zero == null && schema.isOptional() ? null : zero;
    }

    private static final class MaskPlan extends CopyingPlan {

        private final boolean[] masked;
        private final Object[] masks;
        private final Set<String> maskedColumns;

        MaskPlan(Schema schema, boolean[] masked, Object[] masks, Set<String> maskedColumns) {
            super(schema, schema, masked);
            this.masked = masked;
            this.masks = masks;
            this.maskedColumns = maskedColumns;
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            if (input == null || !masked[column]) {
                return input;
            }
            Object mask = masks[column];
            return mask == SAME_LENGTH ? MaskedValues.sameLength((String) input, MASK_CHARACTER) : mask;
        }

        @Override
        public void checkKey(Schema keySchema, Struct envelope) {
            refuseKeyColumns(maskedColumns, keySchema, envelope, "Mask", "masks",
                    "masked keys would merge distinct rows: hash the column with io.sluice.connector.transforms.Hash");
        }
    }
}
