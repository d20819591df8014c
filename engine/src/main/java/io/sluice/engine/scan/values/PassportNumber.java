package io.sluice.engine.scan.values;

import java.util.regex.Pattern;

/**
 * A passport number: six to nine letters and digits with at least one digit (US {@code 123456789},
 * Chinese {@code E12345678}, German {@code C01X00T47}). Such a code could be anything, so
 * {@code sluice scan} checks values this way only in columns whose name says passport.
 */
public final class PassportNumber {

    private static final Pattern PASSPORT = Pattern.compile("(?=.*\\d)[A-Z0-9]{6,9}");

    private PassportNumber() {
    }

    public static Verdict check(String value) {
        return PASSPORT.matcher(value).matches() ? Verdict.VALID : Verdict.NO_MATCH;
    }
}
