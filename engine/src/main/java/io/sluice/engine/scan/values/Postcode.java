package io.sluice.engine.scan.values;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A postcode: US ZIP ({@code 10115}, {@code 94105-1804}), UK ({@code SW1A 1AA}), Dutch ({@code 1012 NX}),
 * Canadian ({@code K1A 0B1}), six digits (China, India, Russia), four digits (Austria, Belgium,
 * Switzerland, Denmark, Australia), Polish ({@code 00-950}), Portuguese ({@code 1000-001}), Swedish
 * ({@code 114 55}), Japanese ({@code 100-0001}). Five bare digits say nothing by themselves, so
 * {@code sluice scan} checks values this way only in columns whose name says postcode or zip.
 */
public final class Postcode {

    private static final Pattern POSTCODE = Pattern.compile(String.join("|",
            "\\d{5}(?:-\\d{4})?",
            "[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}",
            "[1-9]\\d{3} ?[A-Z]{2}",
            "[A-Z]\\d[A-Z] ?\\d[A-Z]\\d",
            "\\d{6}",
            "\\d{4}",
            "\\d{2}-\\d{3}",
            "\\d{4}-\\d{3}",
            "\\d{3} \\d{2}",
            "\\d{3}-\\d{4}"));

    private Postcode() {
    }

    public static Verdict check(String value) {
        return POSTCODE.matcher(value.toUpperCase(Locale.ROOT)).matches() ? Verdict.VALID : Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }
}
