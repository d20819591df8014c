package io.sluice.engine.scan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A column's name as the name checks read it: camelCase split into words, lower case, every run of
 * other characters turned into one {@code _}. {@code customerEMail}, {@code Customer-E-Mail} and
 * {@code customer_e_mail} all read {@code customer_e_mail}. Chinese names stay as they are.
 */
record ColumnName(String original, String words) {

    private static final Pattern CAMEL = Pattern.compile("([\\p{Ll}\\d])(\\p{Lu})");
    private static final Pattern OTHER = Pattern.compile("[^\\p{L}\\p{N}]+");

    static ColumnName of(String name) {
        String words = CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        words = OTHER.matcher(words).replaceAll("_");
        int start = 0;
        int end = words.length();
        while (start < end && words.charAt(start) == '_') {
            start++;
        }
        while (end > start && words.charAt(end - 1) == '_') {
            end--;
        }
        return new ColumnName(name, words.substring(start, end));
    }

    /** A pattern that matches whole words of {@link #words}: {@code email} in {@code customer_email}, not in {@code emails_sent}. */
    static Pattern wholeWords(String alternatives) {
        return Pattern.compile("(?:^|_)(?:" + alternatives + ")(?:$|_)");
    }

    boolean has(Pattern wholeWords) {
        return wholeWords.matcher(words).find();
    }
}
