package io.sluice.engine.scan.values;

import java.util.regex.Pattern;

/**
 * A Dutch citizen service number (burgerservicenummer): nine digits, whole or as {@code 1234.56.782},
 * that pass the "11-test": 9·d1 + 8·d2 + ... + 2·d8 − d9 is a multiple of 11 (and not all zeros).
 * One in eleven random nine-digit numbers passes too, which is why a column counts only when most of
 * its values do.
 */
public final class DutchBsn {

    private static final Pattern SHAPE = Pattern.compile("\\d{9}|\\d{4}\\.\\d{2}\\.\\d{3}");

    private DutchBsn() {
    }

    public static Verdict check(String value) {
        if (!SHAPE.matcher(value).matches()) {
            return Verdict.NO_MATCH;
        }
        String digits = value.replace(".", "");
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (digits.charAt(i) - '0');
        }
        sum -= digits.charAt(8) - '0';
        return Verdict.of(sum % 11 == 0 && !digits.equals("000000000"));
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }
}
