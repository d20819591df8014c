package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PostgreSQL column type Sluice promises, with extreme values and NULLs, through snapshot and
 * streaming into each warehouse: the warehouse table equals the source value for value (numbers exact,
 * instants the same instant, JSON the same document, arrays as JSON where the warehouse has none).
 */
class TypeRoundTripTest {

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private static final String CREATE = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE accounts (
              id bigint PRIMARY KEY,
              i16 smallint, i32 integer, i64 bigint,
              n numeric(38,10), n_free numeric, r real, d double precision,
              b boolean, c char(5), vc varchar(20), t text, raw bytea,
              day date, clock time(6), local_at timestamp(6), at timestamptz(6), span interval,
              doc json, docb jsonb, u uuid, feeling mood, ints integer[], words text[])""";

    private static final String[] ROWS = {
        // extremes
        "(1, -32768, -2147483648, -9223372036854775808, -9999999999999999999999999999.9999999999,"
                + " 123456789012345678901234567890.123456789012345, -3.4e38, -1.7976931348623157e308, false,"
                + " 'ab', 'Zoë 李 🚀', E'tab\\tnew\\nline \\\\ back', '\\x00ff', '0001-01-01', '00:00:00',"
                + " '1900-01-01 00:00:00', '1970-01-01 00:00:00+00', '-1 years -2 mons -3 days -00:00:00.000001',"
                + " '[]', '{}', '00000000-0000-0000-0000-000000000000', 'sad', '{}', '{}')",
        "(2, 32767, 2147483647, 9223372036854775807, 9999999999999999999999999999.9999999999, 0.000000000000000001,"
                + " 3.4e38, 1.7976931348623157e308, true, 'abcde', repeat('x', 20), repeat('长', 1000), ''::bytea,"
                + " '9999-12-31', '23:59:59.999999', '2999-12-31 23:59:59.999999', '2262-04-11 23:47:16.854775+05:30',"
                + " '178000000 years 11 mons 30 days 23:59:59.999999', '{\"nested\": {\"a\": [1, 2.5, null, true]}}',"
                + " '{\"b\": 1, \"a\": \"ü\"}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'happy', '{1,NULL,-3}',"
                + " '{\"quote\\\"\",\"comma,\",\"\"}')",
        // special floating point values, where the warehouse takes them
        "(3, 0, 0, 0, 0, 0, 'NaN', 'Infinity', NULL, NULL, '', '', NULL, NULL, NULL, NULL, NULL, '0', 'null', 'null',"
                + " NULL, 'ok', NULL, NULL)",
        "(4, NULL, NULL, NULL, NULL, NULL, '-Infinity', '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    };

    @ParameterizedTest(name = "postgres into {0}")
    @ValueSource(strings = {"postgres", "duckdb"})
    void everyPostgresTypeArrivesUnchanged(String warehouseKind) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create(warehouseKind)) {
            source.execute(CREATE.split(";\n"));
            source.execute("INSERT INTO accounts VALUES " + ROWS[0] + ", " + ROWS[1]);

            try (Pipeline pipeline = Pipeline.start(Pipelines.postgresSource("types" + PIPELINES.incrementAndGet(),
                    source, List.of("public.accounts"), warehouse.config()))) {
                PostgresToWarehouseTest.awaitEqual(pipeline, source, 2);
                source.execute("INSERT INTO accounts VALUES " + ROWS[2] + ", " + ROWS[3],
                        "UPDATE accounts SET t = t || '!', span = span + interval '1 microsecond', n = -n WHERE id <= 2");
                PostgresToWarehouseTest.awaitEqual(pipeline, source, 4);
                assertThat(pipeline.stats().quarantined()).isZero();
            }
        }
    }
}
