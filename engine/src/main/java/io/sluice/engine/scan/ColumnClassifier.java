package io.sluice.engine.scan;

import io.sluice.engine.scan.values.ValueCheck;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a sampled column holds. Every detector weighs the column's name and values; the surest
 * finding wins (then the larger share of passing values, then the name, then the detectors' order).
 *
 * <ul>
 *   <li>high: the value check passes on at least {@value #MOST} of the non-null values;</li>
 *   <li>medium: the name points to the kind (whatever the values), or the check passes on at least
 *       {@value #PARTIAL} of them;</li>
 *   <li>low: the check passes on at least {@value #SOME} of them, and on two values at least.</li>
 * </ul>
 * Values that have a kind's format but fail its check (a Luhn digit, a mod-97 remainder, a birth date)
 * count against it: when they are more than half as many as the values that pass, the column holds
 * another numbering that merely shares the format, and its values prove nothing. (Random numbers pass
 * a Luhn check one time in ten; in a sample of a few, two of five may pass.)
 */
final class ColumnClassifier {

    static final double MOST = 0.8;
    static final double PARTIAL = 0.3;
    static final double SOME = 0.1;
    private static final int MIN_LOW_MATCHES = 2;
    /** No kind the scan knows is longer; longer text is a document, not an identifier. */
    private static final int MAX_VALUE_LENGTH = 256;

    private static final Comparator<Classification> SUREST_FIRST = Comparator
            .comparing(Classification::confidence)
            .thenComparing(c -> -share(c.matching(), c.sampled()))
            .thenComparing(c -> !c.byName());

    private final List<Detector> detectors;

    ColumnClassifier(LocalDate today) {
        this.detectors = Detectors.all(today);
    }

    Optional<Classification> classify(SampledColumn column) {
        ColumnName name = ColumnName.of(column.name());
        // A stable sort over the detectors' order keeps their order as the last tie-break.
        return detectors.stream()
                .map(detector -> evaluate(detector, name, column))
                .flatMap(Optional::stream)
                .sorted(SUREST_FIRST)
                .findFirst();
    }

    private static Optional<Classification> evaluate(Detector detector, ColumnName name, SampledColumn column) {
        boolean named = detector.named(name);
        ValueCheck check = detector.check(named);
        int valid = 0;
        int lookalikes = 0;
        String firstValid = null;
        if (check != null) {
            for (String value : column.values()) {
                if (value.length() > MAX_VALUE_LENGTH) {
                    continue;
                }
                switch (check.check(value)) {
                    case VALID -> {
                        valid++;
                        firstValid = firstValid == null ? value : firstValid;
                    }
                    case LOOKALIKE -> lookalikes++;
                    case NO_MATCH -> { }
                }
            }
        }
        if (lookalikes * 2 > valid) {
            valid = 0;
            firstValid = null;
        }
        int sampled = column.values().size();
        double share = share(valid, sampled);
        Confidence fromValues = named ? Confidence.HIGH : detector.valuesOnlyCeiling();
        Confidence confidence;
        if (valid > 0 && share >= MOST) {
            confidence = Confidence.HIGH.atMost(fromValues);
        } else if (named) {
            confidence = Confidence.MEDIUM;
        } else if (valid > 0 && share >= PARTIAL) {
            confidence = Confidence.MEDIUM.atMost(fromValues);
        } else if (valid >= MIN_LOW_MATCHES && share >= SOME) {
            confidence = Confidence.LOW;
        } else {
            return Optional.empty();
        }
        String example = firstValid != null ? firstValid : column.values().isEmpty() ? null : column.values().get(0);
        return Optional.of(new Classification(detector.kind(), confidence, named, valid, sampled,
                example == null ? null : MaskedExample.of(detector.kind(), example)));
    }

    private static double share(int matching, int sampled) {
        return sampled == 0 ? 0 : (double) matching / sampled;
    }
}
