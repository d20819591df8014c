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
 * Masks text columns partly, in both row images of a change: keeps the first {@code keep.first} and
 * the last {@code keep.last} characters and puts {@code mask.char} in place of each other one, so
 * {@code 4111111111111111} becomes {@code 41************11}. In {@code email} mode this applies to
 * the part before the last {@code @} and the domain is kept: {@code john@example.com} becomes
 * {@code j***@example.com}.
 *
 * <p>A value no longer than the characters to keep is masked entirely, so a short value is never
 * shown whole; in {@code email} mode, a value without a local part and a domain is masked entirely.
 * Characters are code points. A null stays null. The column must hold free text: other types are a
 * configuration error raised, with the column's name, on the first change of its table. Primary-key
 * columns are refused, as in {@link Mask}.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Partial<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Mask text columns of the before and after row images of Debezium"
            + " change events partly: keep the first and/or last characters, mask the rest; 'email' mode keeps the"
            + " domain (j***@example.com).";

    public static final String COLUMNS_CONFIG = "columns";
    public static final String KEEP_FIRST_CONFIG = "keep.first";
    public static final String KEEP_LAST_CONFIG = "keep.last";
    public static final String MASK_CHAR_CONFIG = "mask.char";
    public static final String MODE_CONFIG = "mode";

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(COLUMNS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(),
                    ConfigDef.Importance.HIGH, "Names of the text columns to mask partly, comma-separated.")
            .define(KEEP_FIRST_CONFIG, ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM, "How many leading characters stay visible (of the local part in"
                            + " 'email' mode).")
            .define(KEEP_LAST_CONFIG, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0),
                    ConfigDef.Importance.MEDIUM, "How many trailing characters stay visible (of the local part in"
                            + " 'email' mode).")
            .define(MASK_CHAR_CONFIG, ConfigDef.Type.STRING, "*",
                    ConfigDef.LambdaValidator.with(Partial::validateMaskChar, () -> "one character"),
                    ConfigDef.Importance.LOW, "The character that stands for each masked character.")
            .define(MODE_CONFIG, ConfigDef.Type.STRING, "text", ConfigDef.ValidString.in("text", "email"),
                    ConfigDef.Importance.MEDIUM, "'text' masks the whole value; 'email' masks the part before the"
                            + " last '@' and keeps the domain.");

    private Set<String> columns;
    private int keepFirst;
    private int keepLast;
    private String maskChar;
    private boolean email;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        columns = Set.copyOf(config.getList(COLUMNS_CONFIG));
        keepFirst = config.getInt(KEEP_FIRST_CONFIG);
        keepLast = config.getInt(KEEP_LAST_CONFIG);
        maskChar = config.getString(MASK_CHAR_CONFIG);
        email = config.getString(MODE_CONFIG).equals("email");
    }

    private static void validateMaskChar(String name, Object value) {
        String text = (String) value;
        if (text == null || text.codePointCount(0, text.length()) != 1) {
            throw new ConfigException(name, value, "give exactly one character");
        }
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        List<Field> fields = rowSchema.fields();
        boolean[] masked = new boolean[fields.size()];
        Set<String> present = new HashSet<>();
        for (Field field : fields) {
            if (columns.contains(field.name())) {
                if (!MaskedValues.isPlainText(field.schema())) {
                    throw new ConfigException(COLUMNS_CONFIG, field.name(), "Partial masks text, but column '"
                            + field.name() + "' of " + Envelope.tableName(envelope) + " is " + describe(field.schema())
                            + "; use io.sluice.connector.transforms.Mask or Hash for it");
                }
                masked[field.index()] = true;
                present.add(field.name());
            }
        }
        return present.isEmpty() ? unchanged(rowSchema) : new PartialPlan(rowSchema, masked, Set.copyOf(present));
    }

    String masked(String text) {
        if (!email) {
            return keepEnds(text);
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            return MaskedValues.sameLength(text, maskChar);
        }
        return keepEnds(text.substring(0, at)) + text.substring(at);
    }

    private String keepEnds(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= keepFirst + keepLast) {
            return MaskedValues.sameLength(text, maskChar);
        }
        int firstEnd = text.offsetByCodePoints(0, keepFirst);
        int lastStart = text.offsetByCodePoints(text.length(), -keepLast);
        return text.substring(0, firstEnd) + maskChar.repeat(length - keepFirst - keepLast) + text.substring(lastStart);
    }

    private final class PartialPlan extends CopyingPlan {

        private final boolean[] masked;
        private final Set<String> maskedColumns;

        PartialPlan(Schema schema, boolean[] masked, Set<String> maskedColumns) {
            super(schema, schema, masked);
            this.masked = masked;
            this.maskedColumns = maskedColumns;
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            return input != null && masked[column] ? masked((String) input) : input;
        }

        @Override
        public void checkKey(Schema keySchema, Struct envelope) {
            refuseKeyColumns(maskedColumns, keySchema, envelope, "Partial", "masks",
                    "masked keys would merge distinct rows: hash the column with io.sluice.connector.transforms.Hash");
        }
    }
}
