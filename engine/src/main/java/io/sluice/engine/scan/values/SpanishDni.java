package io.sluice.engine.scan.values;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spanish national identity number: a DNI ({@code 12345678Z}) or a foreigner's NIE
 * ({@code X1234567L}, where X, Y, Z stand for 0, 1, 2), whose letter is the number modulo 23 looked
 * up in {@code TRWAGMYFPDXBNJZSQVHLCKE}. A dash or space before the letter is allowed.
 */
public final class SpanishDni {

    private static final String LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final Pattern DNI = Pattern.compile("(\\d{8})[- ]?([A-Z])");
    private static final Pattern NIE = Pattern.compile("([XYZ])[- ]?(\\d{7})[- ]?([A-Z])");

    private SpanishDni() {
    }

    public static Verdict check(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        Matcher dni = DNI.matcher(upper);
        if (dni.matches()) {
            return Verdict.of(letterOf(Integer.parseInt(dni.group(1))) == dni.group(2).charAt(0));
        }
        Matcher nie = NIE.matcher(upper);
        if (nie.matches()) {
            int number = Integer.parseInt((nie.group(1).charAt(0) - 'X') + nie.group(2));
            return Verdict.of(letterOf(number) == nie.group(3).charAt(0));
        }
        return Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    private static char letterOf(int number) {
        return LETTERS.charAt(number % 23);
    }
}
