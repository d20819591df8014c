package io.sluice.engine.scan.values;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A telephone number in one of the forms people store:
 * <ul>
 *   <li>international (E.164), with {@code +} or {@code 00}: a country calling code and 8 to 15 digits in
 *       all; {@code +1} numbers must follow the North American Numbering Plan and {@code +86} numbers be a
 *       mainland-China mobile or landline number;</li>
 *   <li>North American, written with separators or parentheses ({@code (212) 555-0187},
 *       {@code 212-555-0187}, {@code 1 212.555.0187}): area code and exchange each start with 2-9 and are
 *       not N11 service codes;</li>
 *   <li>mainland-China mobile: {@code 1[3-9]} and nine more digits, whole or as 3-4-4;</li>
 *   <li>European national, with a trunk {@code 0} and separators ({@code 030 901820},
 *       {@code 06-12345678}, {@code 01 42 68 53 00}): 9 to 11 digits.</li>
 * </ul>
 * Ten bare digits could be anything (an order number, an id); they count as a North American number
 * only when the column's name already says phone ({@link #check(String, boolean)}).
 */
public final class PhoneNumber {

    private static final Pattern ALLOWED = Pattern.compile("\\+?[0-9 ().-]+");
    private static final Pattern SEPARATED = Pattern.compile(".*[ ().-].*");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern CN_MOBILE_GROUPED = Pattern.compile("1[3-9]\\d(?:[ -]?\\d{4}){2}");
    /** Country calling codes of one and two digits (ITU-T E.164 assignments); all others have three. */
    private static final Set<String> SHORT_COUNTRY_CODES = Set.of("1", "7", "20", "27", "30", "31", "32", "33", "34",
            "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57",
            "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95",
            "98");
    /** Spare blocks of three-digit codes: nothing is assigned in 28x, 83x and 89x. */
    private static final Set<String> SPARE_THREE_DIGIT_BLOCKS = Set.of("28", "83", "89");

    private PhoneNumber() {
    }

    /** The strict check: only numbers whose form says they are phone numbers. */
    public static Verdict check(String value) {
        return check(value, false);
    }

    /**
     * @param bareNationalNumbers also take ten bare digits as a North American number, as when the column
     *                            is named phone or mobile
     */
    public static Verdict check(String value, boolean bareNationalNumbers) {
        if (!ALLOWED.matcher(value).matches()) {
            return Verdict.NO_MATCH;
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (value.startsWith("+")) {
            return international(digits);
        }
        if (value.startsWith("00")) {
            return international(digits.substring(2));
        }
        if (CN_MOBILE.matcher(value).matches() || CN_MOBILE_GROUPED.matcher(value).matches()) {
            return Verdict.VALID;
        }
        boolean separated = SEPARATED.matcher(value).matches();
        if (digits.startsWith("0")) {
            return separated && digits.length() >= 9 && digits.length() <= 11 && digits.charAt(1) != '0'
                    ? Verdict.VALID : Verdict.NO_MATCH;
        }
        if (separated || bareNationalNumbers) {
            String national = digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
            return national.length() == 10 && northAmerican(national) ? Verdict.VALID : Verdict.NO_MATCH;
        }
        return Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    private static Verdict international(String digits) {
        if (digits.length() < 8 || digits.length() > 15 || digits.startsWith("0")) {
            return Verdict.NO_MATCH;
        }
        if (digits.startsWith("1")) {
            return digits.length() == 11 && northAmerican(digits.substring(1)) ? Verdict.VALID : Verdict.NO_MATCH;
        }
        if (digits.startsWith("86")) {
            String national = digits.substring(2);
            boolean mobile = CN_MOBILE.matcher(national).matches();
            // Area codes: 10 (Beijing), 2x, and three digits from 3 to 9.
            boolean landline = national.length() >= 9 && national.length() <= 11
                    && (national.startsWith("10") || national.charAt(0) >= '2');
            return mobile || landline ? Verdict.VALID : Verdict.NO_MATCH;
        }
        if (SHORT_COUNTRY_CODES.contains(digits.substring(0, 1)) || SHORT_COUNTRY_CODES.contains(digits.substring(0, 2))) {
            return Verdict.VALID;
        }
        return SPARE_THREE_DIGIT_BLOCKS.contains(digits.substring(0, 2)) ? Verdict.NO_MATCH : Verdict.VALID;
    }

    /** NANP: NPA-NXX-XXXX, area code and exchange start with 2-9 and are not N11 (211, 911, ...). */
    private static boolean northAmerican(String tenDigits) {
        return tenDigits.charAt(0) >= '2' && tenDigits.charAt(3) >= '2'
                && !(tenDigits.charAt(1) == '1' && tenDigits.charAt(2) == '1')
                && !(tenDigits.charAt(4) == '1' && tenDigits.charAt(5) == '1');
    }
}
