package io.sluice.connector.dialect.postgres;

import io.sluice.connector.type.ColumnType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Encodes rows in PostgreSQL's COPY text format: one line per row, columns separated by tabs, {@code \N}
 * for NULL, backslash escapes for the characters the format reserves. Values are streamed to the
 * server as data, never spliced into SQL.
 */
final class CopyTextEncoder {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[64 * 1024];
    private int length;

    /** Appends one row, values in the order of {@code types}. */
    void row(Object[] values, ColumnType[] types) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(values[i], types[i]);
        }
        put((byte) '\n');
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

    private void value(Object value, ColumnType type) {
        if (value == null) {
            put((byte) '\\');
            put((byte) 'N');
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> put((byte) (((Boolean) value) ? 't' : 'f'));
            case BYTES -> bytea((byte[]) value);
            case DECIMAL, NUMERIC -> ascii(((BigDecimal) value).toPlainString());
            case FLOAT32, FLOAT64, INT16, INT32, INT64, UUID -> ascii(value.toString());
            case DATE -> date((LocalDate) value, "");
            case TIME -> ascii(((LocalTime) value).toString());
            case TIMESTAMP -> {
                LocalDateTime at = (LocalDateTime) value;
                date(at.toLocalDate(), " " + at.toLocalTime());
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime at = (OffsetDateTime) value;
                date(at.toLocalDate(), " " + at.toLocalTime() + at.getOffset());
            }
            case TEXT, JSON -> text(value.toString());
            case INTERVAL -> ascii(value.toString());
        }
    }

    /**
     * A date, then {@code rest} (a time and offset): ISO as PostgreSQL reads it, also for years Java prints
     * its own way — year 0 and before as {@code BC} years (Java's year 0 is 1 BC), years after 9999 without
     * the sign.
     */
    private void date(LocalDate date, String rest) {
        int year = date.getYear();
        if (year >= 1 && year <= 9999) {
            ascii(date.toString());
            ascii(rest);
            return;
        }
        ascii(String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", year >= 1 ? year : 1 - year, date.getMonthValue(),
                date.getDayOfMonth()));
        ascii(rest);
        if (year < 1) {
            ascii(" BC");
        }
    }

    /** bytea in hex form, its backslash doubled for the COPY format: {@code \\x00ff}. */
    private void bytea(byte[] bytes) {
        ensure(3 + 2 * bytes.length);
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        buffer[length++] = 'x';
        for (byte b : bytes) {
            buffer[length++] = HEX[(b >> 4) & 0xF];
            buffer[length++] = HEX[b & 0xF];
        }
    }

    private void text(String text) {
        ensure(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escape('\\');
                case '\t' -> escape('t');
                case '\n' -> escape('n');
                case '\r' -> escape('r');
                default -> {
                    if (c < 0x80) {
                        buffer[length++] = (byte) c;
                    } else {
                        utf8(text, i, c);
                        if (Character.isHighSurrogate(c)) {
                            i++;
                        }
                    }
                }
            }
        }
    }

    private void utf8(String text, int i, char c) {
        int codePoint = Character.isHighSurrogate(c) && i + 1 < text.length() ? Character.toCodePoint(c, text.charAt(i + 1)) : c;
        ensure(4);
        if (codePoint < 0x800) {
            buffer[length++] = (byte) (0xC0 | (codePoint >> 6));
            buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else if (codePoint < 0x10000) {
            buffer[length++] = (byte) (0xE0 | (codePoint >> 12));
            buffer[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
            buffer[length++] = (byte) (0xF0 | (codePoint >> 18));
            buffer[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
            buffer[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
        }
    }

    private void escape(char c) {
        buffer[length++] = '\\';
        buffer[length++] = (byte) c;
    }

    private void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
