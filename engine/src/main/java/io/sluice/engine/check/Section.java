package io.sluice.engine.check;

import java.util.List;

/**
 * The checks of one source, or of the warehouse.
 *
 * @param source the source's name; null for the warehouse
 * @param title  what was checked and where, without credentials, e.g.
 *               {@code source shop: postgres at db:5432/shop as sluice}
 * @param checks in the order they ran
 */
public record Section(String source, String title, List<CheckResult> checks) {

    public Section {
        checks = List.copyOf(checks);
    }
}
