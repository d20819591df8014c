package io.sluice.testing;

import java.util.ArrayList;
import java.util.List;

/** Spells out an exception chain on one line: libraries bury the real reason a few causes deep. */
final class Causes {

    private Causes() {
    }

    static String of(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 8; t = t.getCause()) {
            String message = t.getMessage();
            String part = t.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(part)) {
                parts.add(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(" <- caused by ", parts);
    }
}
