package io.sluice.engine.scan.values;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A US Social Security number, {@code AAA-GG-SSSS}: the Social Security Administration never issues
 * area 000, 666 or 900-999, group 00 or serial 0000, and a few numbers made public in advertising
 * (078-05-1120, the "Woolworth wallet" number, among them) are void. Nine bare digits could be any
 * number (a Dutch BSN has nine too); they count only when the column's name already says SSN.
 */
public final class UsSocialSecurityNumber {

    private static final Pattern WRITTEN = Pattern.compile("(\\d{3})([- ])(\\d{2})\\2(\\d{4})");
    private static final Pattern BARE = Pattern.compile("(\\d{3})()(\\d{2})(\\d{4})");
    private static final Set<String> VOID = Set.of("078051120", "219099999", "457555462");

    private UsSocialSecurityNumber() {
    }

    /** Only the written form {@code AAA-GG-SSSS} (or with spaces). */
    public static Verdict check(String value) {
        return check(value, false);
    }

    /** @param bareDigits also take nine bare digits, as when the column is named ssn */
    public static Verdict check(String value, boolean bareDigits) {
        Matcher m = WRITTEN.matcher(value);
        if (!m.matches()) {
            m = BARE.matcher(value);
            if (!bareDigits || !m.matches()) {
                return Verdict.NO_MATCH;
            }
        }
        String area = m.group(1);
        String group = m.group(3);
        String serial = m.group(4);
        boolean valid = !area.equals("000") && !area.equals("666") && area.charAt(0) != '9'
                && !group.equals("00") && !serial.equals("0000") && !VOID.contains(area + group + serial);
        return Verdict.of(valid);
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }
}
