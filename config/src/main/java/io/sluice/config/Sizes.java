package io.sluice.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 512B}, {@code 64KB}, {@code 16MB}, {@code 1GB} (1KB = 1024B). */
public final class Sizes {

    static final String EXPECTED = "expected a size such as 16MB: a whole number and a unit B, KB, MB or GB";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?B)", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** @throws IllegalArgumentException saying what was expected; the message does not repeat the input */
    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("expected a size below 8192PB");
        }
    }
}
