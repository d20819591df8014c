package io.sluice.connector.transforms;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import io.sluice.connector.type.LogicalTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * Replaces columns by a keyed hash (HMAC-SHA-256) of their value, in both row images of a change.
 * The same value under the same key always hashes the same, so joins on hashed columns still work,
 * while nobody without the key can test a guess. The column becomes a string column (optional when it
 * was optional); a null stays null.
 *
 * <p>What is hashed is a value's canonical text, the same for the same value whatever its Connect
 * type: numbers in plain decimal notation without trailing fractional zeros ({@code 42}, {@code 1.5},
 * whether INT32, INT64, DECIMAL or FLOAT64), ISO-8601 for dates, times and timestamps (an instant in
 * UTC with {@code Z} for zoned ones), {@code true}/{@code false}, UUIDs in lower case, nested values as
 * JSON; bytes are hashed as they are.
 *
 * <p>A primary-key column may be hashed: then the record key's field of that name is hashed too (and
 * Debezium's {@code __debezium.oldkey}/{@code __debezium.newkey} headers), so the warehouse key is the
 * hash and rows stay distinct. The key of a tombstone is hashed as well; a tombstone names its table
 * only by its topic, so with {@code tables} set its topic must be {@code <prefix>.<schema>.<table>}.
 * A {@code length} below the full hash makes collisions likelier: keep it long for key columns.
 *
 * <p>The {@code key} setting is a password: it is never logged and never part of {@link #toString()}.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Hash<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Replace columns of the before and after row images of Debezium"
            + " change events by a keyed HMAC-SHA-256 of their value, as hex or base64 text. Deterministic, so"
            + " joins still work. Hashing a primary-key column hashes the record key too.";

    public static final String COLUMNS_CONFIG = "columns";
    public static final String KEY_CONFIG = "key";
    public static final String ENCODING_CONFIG = "encoding";
    public static final String LENGTH_CONFIG = "length";

    /** Shorter keys make the HMAC guessable; 16 bytes is the floor, a long random secret is better. */
    static final int MIN_KEY_BYTES = 16;
    static final int MIN_LENGTH = 8;

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(COLUMNS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new NonEmptyList(),
                    ConfigDef.Importance.HIGH, "Names of the columns to hash, comma-separated, exactly as the source"
                            + " names them. Primary-key columns are allowed: the record key is hashed with them.")
            .define(KEY_CONFIG, ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.LambdaValidator.with(Hash::validateKey, () -> "at least " + MIN_KEY_BYTES + " bytes"),
                    ConfigDef.Importance.HIGH, "The secret HMAC key, at least " + MIN_KEY_BYTES + " bytes (UTF-8). Keep"
                            + " it out of the pipeline file: use ${env:NAME} or ${file:PATH}. Changing it changes every hash.")
            .define(ENCODING_CONFIG, ConfigDef.Type.STRING, "hex", ConfigDef.ValidString.in("hex", "base64"),
                    ConfigDef.Importance.MEDIUM, "'hex' (64 lower-case characters) or 'base64' (43 characters, URL-safe"
                            + " alphabet, no padding).")
            .define(LENGTH_CONFIG, ConfigDef.Type.INT, null,
                    ConfigDef.LambdaValidator.with(Hash::validateLength, () -> "null or at least " + MIN_LENGTH),
                    ConfigDef.Importance.LOW, "Keep only the first this many characters of the encoded hash; empty"
                            + " for all of it. Shorter hashes collide sooner.");

    static final String OLD_KEY_HEADER = "__debezium.oldkey";
    static final String NEW_KEY_HEADER = "__debezium.newkey";
    private static final List<String> KEY_HEADERS = List.of(OLD_KEY_HEADER, NEW_KEY_HEADER);
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SchemaCache<RowPlan> keyPlans = new SchemaCache<>(SCHEMA_CACHE_SIZE);
    /** {@link #hashPlan}, made once: a method reference made per call allocates per record. */
    private final java.util.function.Function<Schema, RowPlan> keyPlanner = this::hashPlan;
    private Set<String> columns;
    private boolean base64;
    private int length;
    private SecretKeySpec secretKey;
    /** Mac is stateful and not thread-safe; transforms must be. */
    private ThreadLocal<Hasher> hashers;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        columns = Set.copyOf(config.getList(COLUMNS_CONFIG));
        base64 = config.getString(ENCODING_CONFIG).equals("base64");
        int fullLength = base64 ? 43 : 64;
        Integer configured = config.getInt(LENGTH_CONFIG);
        if (configured != null && configured > fullLength) {
            throw new ConfigException(LENGTH_CONFIG, configured, "a " + config.getString(ENCODING_CONFIG)
                    + " HMAC-SHA-256 has " + fullLength + " characters; give at most that, or nothing for all of it");
        }
        length = configured == null ? fullLength : configured;
        secretKey = new SecretKeySpec(config.getPassword(KEY_CONFIG).value().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        hashers = ThreadLocal.withInitial(() -> new Hasher(newMac()));
        newMac(); // fails here, not on the first record, if the JVM lacks HmacSHA256
    }

    private static void validateKey(String name, Object value) {
        if (value == null || ((Password) value).value().getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            // The value is a Password, which prints as [hidden].
            throw new ConfigException(name, value, "the HMAC key must be at least " + MIN_KEY_BYTES + " bytes; use a"
                    + " long random secret, e.g. from ${file:/run/secrets/sluice-hash-key}");
        }
    }

    private static void validateLength(String name, Object value) {
        if (value != null && (Integer) value < MIN_LENGTH) {
            throw new ConfigException(name, value, "keep at least " + MIN_LENGTH + " characters of the hash, or"
                    + " leave it empty for all of it");
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secretKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Hash cannot set up " + ALGORITHM + ": " + e.getMessage());
        }
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        return hashPlan(rowSchema);
    }

    @Override
    protected boolean applyToChange(RowChange<R> change) {
        super.applyToChange(change);
        change.setRecord(withHashedKey(change.record()));
        return true;
    }

    @Override
    protected R applyToTombstone(R record) {
        return selectsTombstone(record) ? withHashedKey(record) : record;
    }

    private R withHashedKey(R record) {
        if (!(record.key() instanceof Struct key)) {
            return record;
        }
        RowPlan plan = keyPlanFor(key.schema());
        if (!(plan instanceof Hash<?>.HashPlan)) {
            // No hashed column in the key. (Not "the same schema": hashing a text column keeps its schema.)
            return record;
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), plan.schema(), plan.apply(key, null),
                record.valueSchema(), record.value(), record.timestamp(), withHashedKeyHeaders(record.headers()));
    }

    private RowPlan keyPlanFor(Schema keySchema) {
        return keyPlans.get(keySchema, keyPlanner);
    }

    /** Debezium puts the old and new key into headers when an update changes a primary key. */
    private Headers withHashedKeyHeaders(Headers headers) {
        Headers copy = headers.duplicate();
        if (headers.isEmpty()) {
            return copy;
        }
        for (String name : KEY_HEADERS) {
            Header header = headers.lastWithName(name);
            if (header != null && header.value() instanceof Struct key) {
                RowPlan plan = keyPlanFor(key.schema());
                copy.remove(name).add(name, plan.apply(key, null), plan.schema());
            }
        }
        return copy;
    }

    /** Hashes the columns of a row or key struct that this transform hashes; unchanged when it has none. */
    private RowPlan hashPlan(Schema struct) {
        List<Field> fields = struct.fields();
        Canonical[] canonicals = new Canonical[fields.size()];
        SchemaBuilder builder = rowSchemaLike(struct);
        boolean any = false;
        for (Field field : fields) {
            if (columns.contains(field.name())) {
                canonicals[field.index()] = Canonical.of(field.schema());
                builder.field(field.name(), field.schema().isOptional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA);
                any = true;
            } else {
                builder.field(field.name(), field.schema());
            }
        }
        return any ? new HashPlan(struct, builder.build(), canonicals) : unchanged(struct);
    }

    /** The encoded HMAC of a value (not null) of a column hashed the {@code canonical} way. */
    String hash(Canonical canonical, Object value) {
        Hasher hasher = hashers.get();
        try {
            canonical.update(hasher, value);
            hasher.mac.doFinal(hasher.digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA-256 gives 32 bytes", e);
        } catch (RuntimeException e) {
            hasher.mac.reset(); // no part of this value may go into the next one's hash
            throw e;
        }
        return encode(hasher.digest, hasher.text);
    }

    private String encode(byte[] digest, byte[] scratch) {
        if (base64) {
            String text = BASE64.encodeToString(digest);
            return text.length() == length ? text : text.substring(0, length);
        }
        // A byte's two digits at a time into the thread's scratch (all 32 bytes: cheaper than stopping at an
        // odd length), then only the characters kept into the string.
        for (int i = 0; i < digest.length; i++) {
            int octet = digest[i];
            scratch[2 * i] = HEX_DIGITS[(octet >> 4) & 0xF];
            scratch[2 * i + 1] = HEX_DIGITS[octet & 0xF];
        }
        return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * A thread's HMAC and the arrays it hashes with, kept from value to value: the digest, the hex text and a
     * short value's UTF-8 bytes went into arrays made per value before (112 bytes more per hashed value).
     */
    static final class Hasher {

        /** Longer text is encoded into an array of its own, so that no thread keeps a large one. */
        private static final int SCRATCH_CHARS = 256;

        final Mac mac;
        final byte[] digest = new byte[32];
        final byte[] text = new byte[64];
        private final byte[] utf8 = new byte[SCRATCH_CHARS];

        Hasher(Mac mac) {
            this.mac = mac;
        }

        /** Feeds {@code text} as UTF-8; short ASCII (most keys, codes, e-mail addresses) without making an array. */
        void updateUtf8(String text) {
            int length = text.length();
            if (length > SCRATCH_CHARS) {
                mac.update(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] bytes = utf8;
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    mac.update(text.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                bytes[i] = (byte) c;
            }
            mac.update(bytes, 0, length);
        }
    }

    @Override
    public void close() {
        if (hashers != null) {
            hashers.remove();
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "Hash[columns=" + columns + ", encoding=" + (base64 ? "base64" : "hex") + ", length=" + length + "]";
    }

    private final class HashPlan extends CopyingPlan {

        /** Per column, how its values are hashed; null for a column kept as it is. */
        private final Canonical[] canonicals;

        HashPlan(Schema input, Schema hashed, Canonical[] canonicals) {
            super(input, hashed, changes(canonicals));
            this.canonicals = canonicals;
        }

        private static boolean[] changes(Canonical[] canonicals) {
            boolean[] changes = new boolean[canonicals.length];
            for (int i = 0; i < changes.length; i++) {
                changes[i] = canonicals[i] != null;
            }
            return changes;
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            Canonical canonical = canonicals[column];
            return input == null || canonical == null ? input : hash(canonical, input);
        }
    }

    /** The bytes hashed for a column's values: its canonical text in UTF-8, or raw bytes for a bytes column. */
    static final class Canonical {

        private final Schema schema;
        private final LogicalType type;
        private final ColumnType.Kind kind;

        private Canonical(Schema schema) {
            this.schema = schema;
            this.type = LogicalTypes.forSchema(schema);
            this.kind = type.columnType(schema).kind();
        }

        static Canonical of(Schema schema) {
            return new Canonical(schema);
        }

        /** Feeds the value's bytes to the thread's HMAC. */
        void update(Hasher hasher, Object value) {
            if (kind == ColumnType.Kind.BYTES) {
                if (value instanceof ByteBuffer buffer) {
                    hasher.mac.update(buffer.duplicate());
                } else {
                    hasher.mac.update((byte[]) value);
                }
                return;
            }
            hasher.updateUtf8(text(type.convert(value, schema)));
        }

        private String text(Object converted) {
            return switch (kind) {
                case INT16, INT32, INT64, DECIMAL, NUMERIC -> number(converted);
                case FLOAT32 -> Float.isFinite((Float) converted) ? number(new BigDecimal(converted.toString())) : converted.toString();
                case FLOAT64 -> Double.isFinite((Double) converted) ? number(BigDecimal.valueOf((Double) converted)) : converted.toString();
                case TIMESTAMPTZ -> ((OffsetDateTime) converted).toInstant().toString();
                default -> converted.toString();
            };
        }

        private static String number(Object value) {
            BigDecimal decimal = value instanceof BigDecimal exact ? exact : BigDecimal.valueOf(((Number) value).longValue());
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
    }
}
