package io.sluice.engine.scan.values;

import java.util.regex.Pattern;

/**
 * An e-mail address as people write it: {@code local@domain}, the local part at most 64 characters
 * of the RFC 5322 "atext" set (or letters of any script) in dot-separated runs, the domain at most
 * 253 characters of at least two labels (letters, digits, inner hyphens; at most 63 each) with a
 * top-level domain of letters or an IDN {@code xn--} label; at most 254 characters in all. Quoted
 * local parts and address literals are legal but too rare in data to be worth the doubt they add.
 */
public final class EmailAddress {

    private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("\\p{L}{2,63}|xn--[a-zA-Z0-9-]{1,59}");

    private EmailAddress() {
    }

    public static Verdict check(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.length() > 254) {
            return Verdict.NO_MATCH;
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.length() > 64 || domain.length() > 253 || !LOCAL.matcher(local).matches()) {
            return Verdict.NO_MATCH;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Verdict.NO_MATCH;
        }
        for (String label : labels) {
            if (label.length() > 63 || !LABEL.matcher(label).matches()) {
                return Verdict.NO_MATCH;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches() ? Verdict.VALID : Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }
}
