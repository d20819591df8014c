package io.sluice.connector.transforms.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The language's meaning: each condition against one row of many column types, and conditions that do not fit. */
class RowConditionTest {

    static final Schema ADDRESS = SchemaBuilder.struct().optional().field("city", Schema.OPTIONAL_STRING_SCHEMA).build();

    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("qty", Schema.INT32_SCHEMA)
            .field("price", Schema.FLOAT64_SCHEMA)
            .field("active", Schema.BOOLEAN_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("created", Timestamp.SCHEMA)
            .field("birthday", SchemaBuilder.int32().name("io.debezium.time.Date").build())
            .field("updated", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
            .field("opens", Time.SCHEMA)
            .field("token", SchemaBuilder.string().name("io.debezium.data.Uuid").build())
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("address", ADDRESS)
            .field("Order Total", Schema.INT64_SCHEMA)
            .field("plan", SchemaBuilder.string().optional().defaultValue("free").build())
            .build();

    static Struct row() {
        return new Struct(ROW)
                .put("id", 7L)
                .put("status", "paid")
                .put("amount", new BigDecimal("12.50"))
                .put("qty", 3)
                .put("price", 4.25)
                .put("active", true)
                .put("name", "O'Brien")
                .put("created", Date.from(Instant.parse("2024-01-31T10:15:30Z")))
                .put("birthday", (int) LocalDate.of(2000, 2, 29).toEpochDay())
                .put("updated", "2024-01-31T10:15:30Z")
                .put("opens", new Date(9 * 3600_000L))
                .put("token", "4f7a2c1e-5b7d-4c5e-9f1a-0c2b3d4e5f60")
                .put("photo", new byte[] {1, 2})
                .put("address", new Struct(ADDRESS).put("city", "Oxford"))
                .put("Order Total", 100L);
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "UNKNOWN", textBlock = """
            id = 7                                          | true
            id = 7.0                                        | true
            id <> 7                                         | false
            1 < qty                                         | true
            amount = 12.5                                   | true
            amount > 12.49                                  | true
            amount >= -1                                    | true
            price < 4.3                                     | true
            qty >= 3 AND qty <= 3                           | true
            qty = amount                                    | false
            qty < amount                                    | true
            status = 'paid'                                 | true
            status != 'paid'                                | false
            status > 'apple'                                | true
            status IN ('new', 'paid')                       | true
            status NOT IN ('new', 'paid')                   | false
            qty IN (1, 2, 3.0)                              | true
            qty NOT IN (1, 2)                               | true
            name = 'O''Brien'                               | true
            name LIKE 'O''%'                                | true
            name LIKE 'O_Brien'                             | true
            name LIKE 'o%'                                  | false
            name LIKE '%.%'                                 | false
            name NOT LIKE '%Brien'                          | false
            active                                          | true
            NOT active                                      | false
            active = false                                  | false
            TRUE                                            | true
            created >= '2024-01-31'                         | true
            created = '2024-01-31T10:15:30'                 | true
            created < '2024-01-31 10:15:31'                 | true
            birthday = '2000-02-29'                         | true
            birthday > '2000-03-01'                         | false
            updated = '2024-01-31T12:15:30+02:00'           | true
            updated > '2024-01-31T10:15:29'                 | true
            opens < '10:00'                                 | true
            token = '4f7a2c1e-5b7d-4c5e-9f1a-0c2b3d4e5f60'  | true
            photo IS NOT NULL                               | true
            address IS NULL                                 | false
            `"Order Total" = 100`                           | true
            plan = 'free'                                   | true
            email IS NULL                                   | true
            email IS NOT NULL                               | false
            email = 'x'                                     | UNKNOWN
            email <> 'x'                                    | UNKNOWN
            NOT email = 'x'                                 | UNKNOWN
            email IN ('x')                                  | UNKNOWN
            email NOT IN ('x')                              | UNKNOWN
            email LIKE '%'                                  | UNKNOWN
            email = 'x' OR id = 7                           | true
            email = 'x' OR id = 8                           | UNKNOWN
            email = 'x' AND id = 7                          | UNKNOWN
            email = 'x' AND id = 8                          | false
            id = 8 AND email = 'x'                          | false
            id = 7 OR email = 'x'                           | true
            missing IS NULL                                 | true
            missing = 1                                     | UNKNOWN
            missing IN ('a')                                | UNKNOWN
            id = 7 OR id = 1 AND status = 'new'             | true
            (id = 7 OR id = 1) AND status = 'new'           | false
            NOT id = 1 AND status = 'new'                   | false
            NOT (id = 1 AND status = 'new')                 | true
            """)
    void evaluatesWithThreeValuedLogic(String condition, Boolean expected) {
        RowCondition bound = RowCondition.bind(ExpressionParser.parse(condition), ROW);

        assertThat(bound.test(row())).isEqualTo(expected);
        assertThat(bound.matches(row())).isEqualTo(Boolean.TRUE.equals(expected));
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            id = 'seven'          | at position 6: column 'id' is INT64 and takes numbers, such as 42 or -1.5; 'seven' is not one
            status = 5            | at position 10: column 'status' is STRING and takes text in single quotes; 5 is not one
            active = 1            | at position 10: column 'active' is BOOLEAN and takes true or false; 1 is not one
            created > '31/01/2024'| at position 11: column 'created' is INT64 (org.apache.kafka.connect.data.Timestamp) and takes ISO date-times
            photo = 'x'           | at position 9: column 'photo' is BYTES and takes no values (only IS NULL and IS NOT NULL apply)
            qty IN (1, 'two')     | at position 12: column 'qty' is INT32 and takes numbers
            qty LIKE '1%'         | at position 5: LIKE needs text, but column qty (INT32) is not text
            status                | at position 1: column status (STRING) is not a boolean: compare it, e.g. status = ...
            qty = status          | at position 5: cannot compare column qty (INT32) with column status (STRING)
            address = address     | at position 9: column address (STRUCT) cannot be compared; only IS NULL and IS NOT NULL apply to it
            1 = 'a'               | at position 3: cannot compare the literal 1 with the literal 'a'
            """)
    void aConditionThatDoesNotFitTheColumnsFailsNamingColumnAndPosition(String condition, String message) {
        Expression expression = ExpressionParser.parse(condition);

        assertThatThrownBy(() -> RowCondition.bind(expression, ROW))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith(message);
    }
}
