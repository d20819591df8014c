package io.sluice.engine.scan;

/**
 * A sampled value made fit to print: enough is left to see what kind of value it is, never the value.
 *
 * <pre>
 * email            john.smith@example.com       j*********@e******.com
 * card, IBAN,      4111 1111 1111 1111          **** **** **** 1111      (the last four, as on receipts)
 *   phone          +86 138 1234 5678            +** *** **** 5678
 * national ids     110105194912314645           ****************45       (the last two)
 * IP address       203.0.113.7                  203.*.*.*
 * date of birth    1985-03-12                   ****-**-**
 * name, address,   John Smith / 12 Baker Street J*** S**** / ** B**** S*****
 *   postcode, ...  王芳                          王*
 * </pre>
 *
 * Separators stay, so formats stay recognizable. Long values are cut to {@value #MAX_LENGTH} characters.
 */
final class MaskedExample {

    private static final char MASK = '*';
    private static final int MAX_LENGTH = 40;

    private MaskedExample() {
    }

    static String of(Kind kind, String value) {
        String masked = switch (kind) {
            case EMAIL -> email(value);
            case PAYMENT_CARD, IBAN, PHONE -> keepLast(value, 4);
            case US_SSN, CN_RESIDENT_ID, ES_DNI, NL_BSN, NATIONAL_ID, PASSPORT -> keepLast(value, 2);
            case IP_ADDRESS -> ipAddress(value);
            case DATE_OF_BIRTH -> allLettersAndDigits(value);
            case PERSON_NAME, POSTAL_ADDRESS, POSTCODE -> firstOfEachWord(value);
        };
        if (masked.equals(value)) {
            masked = allLettersAndDigits(value); // a value too short to mask partly is masked whole
        }
        return masked.codePointCount(0, masked.length()) <= MAX_LENGTH
                ? masked : masked.substring(0, masked.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
    }

    /** {@code j***@e******.com}: the first character of the local part and of each label but the last. */
    private static String email(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return firstOfEachWord(value);
        }
        String[] labels = value.substring(at + 1).split("\\.", -1);
        StringBuilder out = new StringBuilder(firstOnly(value.substring(0, at))).append('@');
        for (int i = 0; i < labels.length; i++) {
            out.append(i == labels.length - 1 ? labels[i] : firstOnly(labels[i])).append(i < labels.length - 1 ? "." : "");
        }
        return out.toString();
    }

    /** Letters and digits masked except the last {@code keep} of them; nothing kept of a short value. */
    private static String keepLast(String value, int keep) {
        long total = value.codePoints().filter(Character::isLetterOrDigit).count();
        long shown = total >= 2L * keep + 2 ? keep : 0;
        StringBuilder out = new StringBuilder();
        long seen = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                seen++;
                out.appendCodePoint(seen > total - shown ? c : MASK);
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** The first part (the network, never the host) stays: {@code 203.*.*.*}, {@code 2001:*:*:*:*:*:*:*}. */
    private static String ipAddress(String value) {
        boolean v6 = value.indexOf(':') >= 0;
        String separator = v6 ? ":" : ".";
        int first = value.indexOf(separator);
        if (first <= 0) {
            return allLettersAndDigits(value);
        }
        return value.substring(0, first) + (separator + MASK).repeat(v6 ? 7 : 3);
    }

    /** Each word keeps its first letter: {@code J*** S****}, {@code 王*}; digits are masked. */
    private static String firstOfEachWord(String value) {
        StringBuilder out = new StringBuilder();
        boolean wordStart = true;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isLetter(c)) {
                out.appendCodePoint(wordStart ? c : MASK);
                wordStart = false;
            } else if (Character.isDigit(c)) {
                out.append(MASK);
                wordStart = false;
            } else {
                out.appendCodePoint(c);
                wordStart = true;
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static String firstOnly(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int first = text.offsetByCodePoints(0, 1);
        return text.substring(0, first) + String.valueOf(MASK).repeat(text.codePointCount(first, text.length()));
    }

    private static String allLettersAndDigits(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c)) {
                out.append(MASK);
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
