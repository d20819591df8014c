package io.sluice.engine.scan;

import io.sluice.engine.scan.values.ValueCheck;
import java.util.regex.Pattern;

/**
 * One kind of personal data as a scan recognizes it: by the words of a column's name, by a check of
 * its values, or both. Some checks depend on the name: ten bare digits are a phone number in a column
 * called {@code phone} and anything at all elsewhere, so such a detector checks values differently, or
 * only, when the name already points to its kind.
 */
final class Detector {

    /**
     * Words that make a column describe personal data rather than hold it: {@code email_verified},
     * {@code phone_country}, {@code card_type}, {@code card_last4}, {@code email_hash}.
     */
    private static final Pattern ABOUT_NOT_OF = ColumnName.wholeWords("count|cnt|verified|confirmed|enabled|disabled|flag"
            + "|status|type|kind|format|sent|opened|bounced|valid|validated|is|has|hash|hashed|sha\\d*|md5|masked"
            + "|encrypted|enc|length|len|provider|domain|carrier|brand|country|expiry|expiration|exp|expires|cvv|cvc"
            + "|template|preference|preferences|opt|optin|opt_in|consent|last4|last_4|first6|suffix|prefix|token"
            + "|tokenized|bin|iin");

    private final Kind kind;
    private final Pattern names;
    private final Pattern chineseNames;
    private final Pattern notNames;
    private final ValueCheck values;
    private final ValueCheck namedValues;
    private final Confidence valuesOnlyCeiling;

    private Detector(Kind kind, Pattern names, Pattern chineseNames, Pattern notNames, ValueCheck values,
                     ValueCheck namedValues, Confidence valuesOnlyCeiling) {
        this.kind = kind;
        this.names = names;
        this.chineseNames = chineseNames;
        this.notNames = notNames;
        this.values = values;
        this.namedValues = namedValues;
        this.valuesOnlyCeiling = valuesOnlyCeiling;
    }

    /**
     * @param names        alternatives matched against whole words of the column name, e.g. {@code e_?mail}
     * @param chineseNames alternatives found anywhere in the name as written, e.g. {@code 邮箱}; null for none
     */
    static Detector of(Kind kind, String names, String chineseNames) {
        return new Detector(kind, ColumnName.wholeWords(names),
                chineseNames == null ? null : Pattern.compile(chineseNames), null, null, null, Confidence.HIGH);
    }

    /** Values are checked with {@code check}, whatever the name says. */
    Detector values(ValueCheck check) {
        return new Detector(kind, names, chineseNames, notNames, check, namedValues == null ? check : namedValues,
                valuesOnlyCeiling);
    }

    /** When the name points to this kind, values are checked with {@code check} instead (or only then). */
    Detector whenNamed(ValueCheck check) {
        return new Detector(kind, names, chineseNames, notNames, values, check, valuesOnlyCeiling);
    }

    /** Names with these whole words do not point to this kind, e.g. {@code birth_place} for a birth date. */
    Detector excluding(String words) {
        return new Detector(kind, names, chineseNames, ColumnName.wholeWords(words), values, namedValues,
                valuesOnlyCeiling);
    }

    /** The most a finding from values alone can be, for checks that many other values pass too. */
    Detector valuesAloneAtMost(Confidence ceiling) {
        return new Detector(kind, names, chineseNames, notNames, values, namedValues, ceiling);
    }

    Kind kind() {
        return kind;
    }

    boolean named(ColumnName name) {
        if (chineseNames != null && chineseNames.matcher(name.original()).find()) {
            return true;
        }
        return name.has(names) && !name.has(ABOUT_NOT_OF) && (notNames == null || !name.has(notNames));
    }

    /** The value check for a column whose name does or does not point here; null when values are not checked. */
    ValueCheck check(boolean named) {
        return named ? namedValues : values;
    }

    Confidence valuesOnlyCeiling() {
        return valuesOnlyCeiling;
    }
}
