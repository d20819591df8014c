package io.sluice.engine.scan.values;

import java.util.regex.Pattern;

/**
 * A payment card number (PAN): 13 to 19 digits, written whole or in groups separated by single spaces
 * or dashes, starting with the issuer prefix of a card network (Visa 4; Mastercard 51-55 and
 * 2221-2720; American Express 34, 37; Diners 300-305, 36, 38, 39; JCB 3528-3589; Discover, UnionPay
 * and Maestro 50, 56-69), and ending in a Luhn check digit. Any other number of 13 to 19 digits is a
 * lookalike: a column of such numbers (order numbers, ids) is no card column because one in ten of
 * them has a card's prefix and passes Luhn.
 */
public final class PaymentCard {

    private static final Pattern GROUPED_DIGITS = Pattern.compile("\\d+(?:[ -]\\d+)*");

    private PaymentCard() {
    }

    public static Verdict check(String value) {
        if (!GROUPED_DIGITS.matcher(value).matches()) {
            return Verdict.NO_MATCH;
        }
        String digits = value.replace(" ", "").replace("-", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return Verdict.NO_MATCH;
        }
        return Verdict.of(knownIssuer(digits) && Luhn.isValid(digits));
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    private static boolean knownIssuer(String digits) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        return digits.charAt(0) == '4'
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37
                || (four >= 3000 && four <= 3059) || two == 36 || two == 38 || two == 39
                || (four >= 3528 && four <= 3589)
                || two == 50 || (two >= 56 && two <= 69);
    }
}
