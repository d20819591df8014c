package io.sluice.engine.check;

import java.util.ArrayList;
import java.util.List;

/** The results of one subject's checks, in the order they ran. */
final class Findings {

    private final List<CheckResult> results = new ArrayList<>();

    void pass(String name, String detail) {
        results.add(new CheckResult(name, Status.PASS, detail, null));
    }

    void warn(String name, String detail, String fix) {
        results.add(new CheckResult(name, Status.WARN, detail, fix));
    }

    void fail(String name, String detail, String fix) {
        results.add(new CheckResult(name, Status.FAIL, detail, fix));
    }

    void add(String name, Status status, String detail, String fix) {
        results.add(new CheckResult(name, status, detail, status == Status.PASS ? null : fix));
    }

    List<CheckResult> results() {
        return List.copyOf(results);
    }
}
