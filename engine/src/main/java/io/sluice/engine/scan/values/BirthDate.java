package io.sluice.engine.scan.values;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date of birth: a calendar date, written as ISO ({@code 1985-03-12}, also with a midnight time as a
 * date column read as a timestamp gives it), {@code 1985/03/12}, {@code 12.03.1985},
 * {@code 12/03/1985} or {@code 03/12/1985}, or {@code 1985年3月12日}, that lies in a range of birth
 * dates. A date that is not in the range is a lookalike; a time of day other than midnight means an
 * event, not a birth.
 */
public final class BirthDate {

    private static final Pattern ISO = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ]00:00(?::00(?:\\.0+)?)?)?");
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})([./])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern CHINESE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日");

    private final LocalDate earliest;
    private final LocalDate latest;

    /** Births between these dates, both included. */
    public BirthDate(LocalDate earliest, LocalDate latest) {
        this.earliest = earliest;
        this.latest = latest;
    }

    /** Births of people aged {@code minAge} to {@code maxAge} on {@code today}. */
    public static BirthDate ofAges(LocalDate today, int minAge, int maxAge) {
        return new BirthDate(today.minusYears(maxAge + 1L).plusDays(1), today.minusYears(minAge));
    }

    public Verdict check(String value) {
        Optional<LocalDate> date = parse(value);
        if (date.isEmpty()) {
            return Verdict.NO_MATCH;
        }
        return Verdict.of(!date.get().isBefore(earliest) && !date.get().isAfter(latest));
    }

    /** The date the text writes, if it is one of the accepted forms and a real calendar date. */
    static Optional<LocalDate> parse(String value) {
        Matcher iso = ISO.matcher(value);
        if (iso.matches()) {
            return date(iso.group(1), iso.group(2), iso.group(3));
        }
        Matcher chinese = CHINESE.matcher(value);
        if (chinese.matches()) {
            return date(chinese.group(1), chinese.group(2), chinese.group(3));
        }
        Matcher dayFirst = DAY_FIRST.matcher(value);
        if (dayFirst.matches()) {
            // 03/12/1985 is the 3rd of December in Europe and March 12th in the US: either will do, the
            // year is what places it in the range.
            Optional<LocalDate> european = date(dayFirst.group(4), dayFirst.group(3), dayFirst.group(1));
            return european.isPresent() || dayFirst.group(2).equals(".")
                    ? european : date(dayFirst.group(4), dayFirst.group(1), dayFirst.group(3));
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
