package io.sluice.engine.check;

import java.util.Objects;

/**
 * The outcome of one check of a source or of the warehouse.
 *
 * @param name   what was checked, stable for scripts: {@code wal_level}, {@code table public.orders}, ...
 * @param status how it came out
 * @param detail what was found, with the values that matter; never a password
 * @param fix    for WARN and FAIL, the SQL statements or configuration lines that fix it, one per line,
 *               each commented where it must be run or what follows; null when there is nothing to do
 *               or no exact fix is known
 */
public record CheckResult(String name, Status status, String detail, String fix) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if (status == Status.PASS && fix != null) {
            throw new IllegalArgumentException("a passed check has nothing to fix: " + name);
        }
    }
}
