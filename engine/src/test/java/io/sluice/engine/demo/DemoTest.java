package io.sluice.engine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void theDemoStreamsIntoDuckDbAndEndsWithOkWhenTheTablesAreEqual() throws Exception {
        StringWriter output = new StringWriter();

        boolean equal = new Demo(Duration.ofSeconds(3), 100, 50, false, new PrintWriter(output, true)).run();

        String text = output.toString();
        assertThat(equal).as(text).isTrue();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("OK source and warehouse are equal: 3 tables");
        assertThat(text).containsPattern("customers\\s+[\\d,]+\\s+[\\d,]+\\s+equal")
                .contains("lag (source commit -> warehouse commit)");
    }

    @Test
    void aDifferenceIsReportedAsMismatchNamingTheTable() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            for (TestDatabase database : List.of(source, warehouse)) {
                database.execute("CREATE TABLE t (id int PRIMARY KEY, amount numeric(6,2), seen timestamptz)",
                        "INSERT INTO t VALUES (1, 1.50, '2024-01-01 00:00+00'), (2, 2, '2024-01-01 00:00+00')");
            }
            warehouse.execute("UPDATE t SET amount = 2.01 WHERE id = 2");
            StringWriter output = new StringWriter();

            TableComparison.Result result;
            try (Connection s = source.connect(); Connection w = warehouse.connect()) {
                result = TableComparison.compare("t", s, "t", w, "t", name -> '"' + name + '"');
            }
            boolean ok = Demo.verdict(List.of(result), new PrintWriter(output, true));

            assertThat(result.equal()).isFalse();
            assertThat(result.examples()).containsExactly(
                    "only in source:    (2 | 2 | 2024-01-01T00:00:00Z)",
                    "only in warehouse: (2 | 2.01 | 2024-01-01T00:00:00Z)");
            assertThat(ok).isFalse();
            assertThat(output.toString()).startsWith("MISMATCH").contains(": t");
        }
    }
}
