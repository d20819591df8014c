package io.sluice.engine.check;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code sluice check} found for one pipeline file: a section per source, in file order,
 * then the warehouse.
 */
public record CheckReport(String pipeline, List<Section> sections) {

    public CheckReport {
        sections = List.copyOf(sections);
    }

    /** How many checks came out each way; every status is a key, zero included. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        for (Section section : sections) {
            for (CheckResult check : section.checks()) {
                counts.merge(check.status(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public int total() {
        return sections.stream().mapToInt(s -> s.checks().size()).sum();
    }

    /** The worst outcome of any check; PASS when every check passed. */
    public Status worst() {
        Status worst = Status.PASS;
        for (Section section : sections) {
            for (CheckResult check : section.checks()) {
                if (check.status().compareTo(worst) > 0) {
                    worst = check.status();
                }
            }
        }
        return worst;
    }
}
