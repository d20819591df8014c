package io.sluice.engine.bench;

import io.sluice.testing.TestDatabase;

/** The harnesses' view of a test database. */
public final class TestBenchDatabases {

    private TestBenchDatabases() {
    }

    public static BenchDatabase of(TestDatabase database) {
        return new BenchDatabase(database.kind(), database.host(), database.port(), database.user(), database.password(),
                database.name());
    }
}
