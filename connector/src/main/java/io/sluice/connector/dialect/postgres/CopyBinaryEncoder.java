package io.sluice.connector.dialect.postgres;

import io.sluice.connector.type.ColumnType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's binary COPY format ({@code PGCOPY}): a header, per row the field count and
 * each field as its length and the bytes of the type's binary send/receive form, then a trailer. The
 * server then parses no text at all — no numbers, dates or escapes — which is what COPY's text format
 * spends most of its time on.
 *
 * <p>The binary form must match the column's exact type (an {@code int4} sent to an {@code int8} column is
 * refused, and some mismatches would not even be noticed), so the encoding is chosen per column from the
 * type the table really has, as the catalog names it: {@link #fieldsFor} returns null when any column has a
 * type, or a value kind, not covered here (intervals, arrays, enums, domains, {@code char(n)} …), and the
 * caller uses the text format for those rows instead.
 */
final class CopyBinaryEncoder {

    /** How one column is sent. */
    enum Field { BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, TEXT, JSONB, BYTEA, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, UUID }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps, in days and seconds since 1970-01-01. */
    private static final int PG_EPOCH_DAY = 10_957;
    private static final long PG_EPOCH_SECOND = 946_684_800L;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1000};

    private final Field[] fields;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    /** Base-10000 digits of the numeric being encoded. */
    private short[] digits = new short[32];

    CopyBinaryEncoder(Field[] fields) {
        this.fields = fields;
    }

    /**
     * The encoding of each column, or null when one of them is not covered. {@code pgTypes} are the
     * columns' type names in {@code pg_catalog} (null for a type elsewhere, e.g. an enum or a domain),
     * {@code kinds} the kinds of the values Sluice holds for them.
     */
    static Field[] fieldsFor(String[] pgTypes, ColumnType[] kinds) {
        Field[] fields = new Field[pgTypes.length];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = pgTypes[i] == null ? null : fieldFor(pgTypes[i], kinds[i].kind());
            if (fields[i] == null) {
                return null;
            }
        }
        return fields;
    }

    private static Field fieldFor(String pgType, ColumnType.Kind kind) {
        return switch (pgType) {
            case "bool" -> kind == ColumnType.Kind.BOOLEAN ? Field.BOOL : null;
            case "int2" -> kind == ColumnType.Kind.INT16 ? Field.INT2 : null;
            case "int4" -> kind == ColumnType.Kind.INT16 || kind == ColumnType.Kind.INT32 ? Field.INT4 : null;
            case "int8" -> kind == ColumnType.Kind.INT16 || kind == ColumnType.Kind.INT32 || kind == ColumnType.Kind.INT64
                    ? Field.INT8 : null;
            // A float4 value into a float8 column is left to the text format, which parses its shortest decimal.
            case "float4" -> kind == ColumnType.Kind.FLOAT32 ? Field.FLOAT4 : null;
            case "float8" -> kind == ColumnType.Kind.FLOAT64 ? Field.FLOAT8 : null;
            case "numeric" -> kind == ColumnType.Kind.DECIMAL || kind == ColumnType.Kind.NUMERIC ? Field.NUMERIC : null;
            case "text", "varchar" -> kind == ColumnType.Kind.TEXT || kind == ColumnType.Kind.JSON ? Field.TEXT : null;
            case "json" -> kind == ColumnType.Kind.JSON ? Field.TEXT : null;
            case "jsonb" -> kind == ColumnType.Kind.JSON ? Field.JSONB : null;
            case "bytea" -> kind == ColumnType.Kind.BYTES ? Field.BYTEA : null;
            case "date" -> kind == ColumnType.Kind.DATE ? Field.DATE : null;
            case "time" -> kind == ColumnType.Kind.TIME ? Field.TIME : null;
            case "timestamp" -> kind == ColumnType.Kind.TIMESTAMP ? Field.TIMESTAMP : null;
            case "timestamptz" -> kind == ColumnType.Kind.TIMESTAMPTZ ? Field.TIMESTAMPTZ : null;
            case "uuid" -> kind == ColumnType.Kind.UUID ? Field.UUID : null;
            default -> null;
        };
    }

    /** The signature, no flags, no header extension: once, before the first row. */
    void header() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, length, SIGNATURE.length);
        length += SIGNATURE.length;
        int32(0);
        int32(0);
    }

    /** The end of the data: once, after the last row. */
    void trailer() {
        ensure(2);
        int16(-1);
    }

    /** Appends one row, values in the order of the fields. */
    void row(Object[] values) throws SQLException {
        ensure(2);
        int16(fields.length);
        for (int i = 0; i < fields.length; i++) {
            Object value = values[i];
            if (value == null) {
                ensure(4);
                int32(-1);
            } else {
                value(fields[i], value);
            }
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    void reset() {
        length = 0;
    }

    private void value(Field field, Object value) throws SQLException {
        ensure(12);
        switch (field) {
            case BOOL -> {
                int32(1);
                buffer[length++] = (byte) (((Boolean) value) ? 1 : 0);
            }
            case INT2 -> {
                int32(2);
                int16(((Number) value).shortValue());
            }
            case INT4 -> {
                int32(4);
                int32(((Number) value).intValue());
            }
            case INT8 -> {
                int32(8);
                int64(((Number) value).longValue());
            }
            case FLOAT4 -> {
                int32(4);
                int32(Float.floatToIntBits(((Number) value).floatValue()));
            }
            case FLOAT8 -> {
                int32(8);
                int64(Double.doubleToLongBits(((Number) value).doubleValue()));
            }
            case NUMERIC -> numeric((BigDecimal) value);
            case TEXT -> text(value.toString(), false);
            case JSONB -> text(value.toString(), true);
            case BYTEA -> {
                byte[] bytes = (byte[]) value;
                ensure(4 + bytes.length);
                int32(bytes.length);
                System.arraycopy(bytes, 0, buffer, length, bytes.length);
                length += bytes.length;
            }
            case DATE -> {
                long days = ((LocalDate) value).toEpochDay() - PG_EPOCH_DAY;
                // The two extreme int values are PostgreSQL's -infinity and infinity: never send them for a date.
                if (days <= Integer.MIN_VALUE || days >= Integer.MAX_VALUE) {
                    throw outOfRange("date", value);
                }
                int32(4);
                int32((int) days);
            }
            case TIME -> {
                int32(8);
                int64(micros(0, ((LocalTime) value).toNanoOfDay()));
            }
            case TIMESTAMP -> {
                LocalDateTime at = (LocalDateTime) value;
                int32(8);
                int64(timestampMicros(at.toEpochSecond(ZoneOffset.UTC), at.getNano(), value));
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime at = (OffsetDateTime) value;
                int32(8);
                int64(timestampMicros(at.toEpochSecond(), at.getNano(), value));
            }
            case UUID -> {
                UUID uuid = value instanceof UUID u ? u : java.util.UUID.fromString(value.toString());
                ensure(20);
                int32(16);
                int64(uuid.getMostSignificantBits());
                int64(uuid.getLeastSignificantBits());
            }
        }
    }

    /**
     * Microseconds since PostgreSQL's epoch. Sub-microsecond digits are rounded half to even, as the server
     * rounds them in text; the extreme long values are its -infinity and infinity, never sent for an instant.
     */
    private static long timestampMicros(long epochSecond, int nanos, Object value) throws SQLException {
        try {
            long micros = micros(Math.multiplyExact(Math.subtractExact(epochSecond, PG_EPOCH_SECOND), 1_000_000L), nanos);
            if (micros == Long.MIN_VALUE || micros == Long.MAX_VALUE) {
                throw outOfRange("timestamp", value);
            }
            return micros;
        } catch (ArithmeticException e) {
            throw outOfRange("timestamp", value);
        }
    }

    private static long micros(long wholeMicros, long nanos) {
        long micros = nanos / 1000;
        long rest = nanos % 1000;
        if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
            micros++;
        }
        return Math.addExact(wholeMicros, micros);
    }

    /** SQLSTATE 22008 (datetime field overflow), a data error: the change goes to quarantine, as in text. */
    private static SQLException outOfRange(String type, Object value) {
        return new SQLException(type + " out of range for PostgreSQL: " + value, "22008");
    }

    /**
     * {@code numeric}'s binary form: the number of base-10000 digits, the weight of the first one, the sign,
     * the display scale (digits after the point, as in text), then the digits. Exact: built from the
     * decimal digits of the unscaled value, never through a double.
     */
    private void numeric(BigDecimal value) throws SQLException {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        int scale = v.scale();
        if (v.signum() == 0) {
            int32(8);
            int16(0);
            int16(0);
            int16(0);
            int16(scale);
            return;
        }
        if (v.precision() + 3 <= 18 && scale <= 0x3FFF) {
            smallNumeric(Math.abs(v.unscaledValue().longValue()), scale, v.signum() < 0);
            return;
        }
        String decimal = v.unscaledValue().abs().toString();
        int integerDigits = decimal.length() - scale;
        // A decimal digit of exponent e (value d * 10^e) belongs to the base-10000 digit of weight floor(e / 4).
        int firstWeight = Math.floorDiv(integerDigits - 1, 4);
        int lastWeight = Math.floorDiv(-scale, 4);
        if (firstWeight > Short.MAX_VALUE || scale > 0x3FFF) {
            // Beyond what numeric holds (its text input refuses these too); never let the fields wrap around.
            throw new SQLException("numeric value out of range for PostgreSQL: " + value, "22003");
        }
        int count = firstWeight - lastWeight + 1;
        if (digits.length < count) {
            digits = new short[Math.max(count, digits.length * 2)];
        }
        Arrays.fill(digits, 0, count, (short) 0);
        for (int i = 0; i < decimal.length(); i++) {
            int exponent = integerDigits - 1 - i;
            int slot = firstWeight - Math.floorDiv(exponent, 4);
            digits[slot] += (short) ((decimal.charAt(i) - '0') * POWERS_OF_TEN[Math.floorMod(exponent, 4)]);
        }
        while (count > 0 && digits[count - 1] == 0) {
            count--; // trailing zero digits are implied by the display scale
        }
        ensure(12 + 2 * count);
        int32(8 + 2 * count);
        int16(count);
        int16(firstWeight);
        int16(v.signum() < 0 ? NUMERIC_NEGATIVE : 0);
        int16(scale);
        for (int i = 0; i < count; i++) {
            int16(digits[i]);
        }
    }

    /** Powers of ten from 10^0 to 10^3, as longs. */
    private static final long[] PADDING = {1, 10, 100, 1000};

    /**
     * {@link #numeric} for an unscaled value below 10^15 (the common case: prices, amounts), by long
     * arithmetic instead of decimal text: the value is padded to whole base-10000 fraction digits, then split
     * into base-10000 digits from the last one.
     */
    private void smallNumeric(long unscaled, int scale, boolean negative) {
        int pad = (4 - scale % 4) % 4;
        long rest = unscaled * PADDING[pad];
        int fractionDigits = (scale + pad) / 4;
        int count = 0;
        while (rest != 0) {
            digits[count++] = (short) (rest % 10_000);
            rest /= 10_000;
        }
        int weight = count - 1 - fractionDigits;
        int last = 0;
        while (digits[last] == 0) {
            last++; // trailing zero digits are implied by the display scale
        }
        int kept = count - last;
        ensure(12 + 2 * kept);
        int32(8 + 2 * kept);
        int16(kept);
        int16(weight);
        int16(negative ? NUMERIC_NEGATIVE : 0);
        int16(scale);
        for (int i = count - 1; i >= last; i--) {
            int16(digits[i]);
        }
    }

    /**
     * Text as UTF-8, after its length (patched in once known); for jsonb after its format version 1. A lone
     * surrogate is encoded as it stands, which the server refuses as invalid UTF-8 — never replaced.
     */
    private void text(String text, boolean jsonb) {
        ensure(5 + text.length() * 3);
        int lengthAt = length;
        length += 4;
        int start = length;
        if (jsonb) {
            buffer[length++] = 1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer[length++] = (byte) c;
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                buffer[length++] = (byte) (0xF0 | (codePoint >> 18));
                buffer[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                buffer[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
            } else {
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int bytes = length - start;
        buffer[lengthAt] = (byte) (bytes >>> 24);
        buffer[lengthAt + 1] = (byte) (bytes >>> 16);
        buffer[lengthAt + 2] = (byte) (bytes >>> 8);
        buffer[lengthAt + 3] = (byte) bytes;
    }

    private void int16(int value) {
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void int32(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
