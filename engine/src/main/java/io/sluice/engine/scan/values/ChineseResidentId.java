package io.sluice.engine.scan.values;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * A mainland-China resident identity card number (公民身份号码, GB 11643-1999): 18 characters, a
 * six-digit address code whose first two digits name a province-level division, the date of birth as
 * {@code YYYYMMDD} (a real date, from 1900 and not in the future), a three-digit sequence, and a check
 * character (ISO 7064 MOD 11-2: the weighted sum of the first 17 digits modulo 11 picks one of
 * {@code 1 0 X 9 8 7 6 5 4 3 2}). The old 15-digit numbers, replaced by 2013, are not recognized.
 */
public final class ChineseResidentId {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    /** Province-level divisions: the first two digits of the address code. */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
            "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65", "71", "81", "82", "83");

    private ChineseResidentId() {
    }

    public static Verdict check(String value) {
        return check(value, LocalDate.now());
    }

    static Verdict check(String value, LocalDate today) {
        if (value.length() != 18) {
            return Verdict.NO_MATCH;
        }
        for (int i = 0; i < 17; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return Verdict.NO_MATCH;
            }
        }
        char last = Character.toUpperCase(value.charAt(17));
        if ((last < '0' || last > '9') && last != 'X') {
            return Verdict.NO_MATCH;
        }
        return Verdict.of(PROVINCES.contains(value.substring(0, 2)) && plausibleBirth(value, today)
                && last == checkCharacter(value));
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    /** The check character for the first 17 digits of {@code number}. */
    static char checkCharacter(String number) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (number.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    private static boolean plausibleBirth(String number, LocalDate today) {
        try {
            LocalDate birth = LocalDate.of(Integer.parseInt(number.substring(6, 10)),
                    Integer.parseInt(number.substring(10, 12)), Integer.parseInt(number.substring(12, 14)));
            return birth.getYear() >= 1900 && !birth.isAfter(today);
        } catch (DateTimeException e) {
            return false;
        }
    }
}
