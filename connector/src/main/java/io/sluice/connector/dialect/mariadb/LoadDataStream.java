package io.sluice.connector.dialect.mariadb;

import io.sluice.connector.type.ColumnType;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Rows as a {@code LOAD DATA LOCAL INFILE} stream in the statement's default format: fields separated
 * by tabs, lines ended by {@code \n}, {@code \N} for NULL, backslash escapes for the bytes the format
 * reserves. The statement reads it {@code CHARACTER SET binary}, so text (as UTF-8) and byte values
 * arrive unconverted. Rows are encoded as the driver reads, a chunk at a time, so a large flush is
 * never held in memory twice.
 */
final class LoadDataStream extends InputStream {

    private static final int CHUNK_BYTES = 1 << 20;
    private static final byte[] NULL = {'\\', 'N'};

    private final List<Object[]> rows;
    private final ColumnType.Kind[] kinds;
    private int nextRow;
    private byte[] buffer = new byte[CHUNK_BYTES + 64 * 1024];
    private int length;
    private int position;

    /** @param kinds the kind of each value of a row, in order */
    LoadDataStream(List<Object[]> rows, ColumnType.Kind[] kinds) {
        this.rows = rows;
        this.kinds = kinds;
    }

    @Override
    public int read() {
        if (position == length && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (position == length && !fill()) {
            return -1;
        }
        int n = Math.min(count, length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Encodes the next rows, about one chunk's worth; false when every row has been read. */
    private boolean fill() {
        position = 0;
        length = 0;
        while (nextRow < rows.size() && length < CHUNK_BYTES) {
            row(rows.get(nextRow++));
        }
        return length > 0;
    }

    private void row(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(values[i], kinds[i]);
        }
        put((byte) '\n');
    }

    private void value(Object value, ColumnType.Kind kind) {
        if (value == null) {
            bytes(NULL);
            return;
        }
        switch (kind) {
            case BOOLEAN -> put((byte) (((Boolean) value) ? '1' : '0'));
            case INT16, INT32, INT64, FLOAT64, UUID -> ascii(value.toString());
            // The float's exact double: its shortest text can parse above FLT_MAX (see MariaDbDialect.bind).
            case FLOAT32 -> ascii(Double.toString((Float) value));
            // A DECIMAL too wide for MariaDB is a text column: the plain digits either way.
            case DECIMAL, NUMERIC -> ascii(((BigDecimal) value).toPlainString());
            case TEXT, JSON -> escaped(value.toString().getBytes(StandardCharsets.UTF_8));
            case BYTES -> escaped((byte[]) value);
            case DATE -> date((LocalDate) value);
            case TIME -> time((LocalTime) value);
            case TIMESTAMP -> dateTime((LocalDateTime) value);
            // MariaDB has no zoned type: the instant is stored in UTC (see MariaDbDialect).
            case TIMESTAMPTZ -> dateTime(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
    }

    /**
     * UTF-8 never uses the bytes of ASCII characters inside a multi-byte sequence, so escaping text's
     * UTF-8 bytes and escaping raw bytes are the same operation.
     */
    private void escaped(byte[] bytes) {
        ensure(2 * bytes.length);
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> escape('\\');
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                case 0 -> escape('0');
                default -> buffer[length++] = b;
            }
        }
    }

    private void escape(char c) {
        buffer[length++] = '\\';
        buffer[length++] = (byte) c;
    }

    /** {@code yyyy-mm-dd}; a year outside 0..9999 is written as Java does and rejected by the server. */
    private void date(LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            ascii(date.toString());
            return;
        }
        ensure(10);
        digits(year, 4);
        buffer[length++] = '-';
        digits(date.getMonthValue(), 2);
        buffer[length++] = '-';
        digits(date.getDayOfMonth(), 2);
    }

    /** {@code hh:mm:ss.ffffff}, always with all six fraction digits (MariaDB keeps microseconds). */
    private void time(LocalTime time) {
        ensure(15);
        digits(time.getHour(), 2);
        buffer[length++] = ':';
        digits(time.getMinute(), 2);
        buffer[length++] = ':';
        digits(time.getSecond(), 2);
        buffer[length++] = '.';
        digits(time.getNano() / 1000, 6);
    }

    private void dateTime(LocalDateTime dateTime) {
        date(dateTime.toLocalDate());
        put((byte) ' ');
        time(dateTime.toLocalTime());
    }

    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
