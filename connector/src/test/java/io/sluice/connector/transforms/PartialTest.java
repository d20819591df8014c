package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.Envelopes;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartialTest {

    static final Schema CUSTOMERS = SchemaBuilder.struct().name("shop.public.customers.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("card", Schema.OPTIONAL_STRING_SCHEMA)
            .field("visits", Schema.OPTIONAL_INT32_SCHEMA)
            .field("address", MaskTest.ADDRESS)
            .build();

    private final Envelopes customers = new Envelopes("shop", "public", "customers", CUSTOMERS);

    private Struct john() {
        return customers.row(1L, "john@example.com", "4111111111111111", 3,
                new Struct(MaskTest.ADDRESS).put("street", "2 Main St").put("city", "Leeds"));
    }

    private static Partial<SourceRecord> partial(String... settings) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Partial<SourceRecord> partial = new Partial<>();
        partial.configure(config);
        return partial;
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    @Test
    void emailModeKeepsTheFirstCharacterAndTheDomain() {
        SourceRecord masked = partial("columns", "email", "mode", "email").apply(customers.insert(john()));

        assertThat(after(masked).get("email")).isEqualTo("j***@example.com");
        assertThat(after(masked).schema()).isSameAs(CUSTOMERS);
        ClearText.assertAbsent(masked, "john@");
    }

    @Test
    void textModeKeepsBothEnds() {
        Struct after = after(partial("columns", "card", "keep.first", "2", "keep.last", "2").apply(customers.insert(john())));

        assertThat(after.get("card")).isEqualTo("41************11");
        assertThat(after.get("email")).isEqualTo("john@example.com");
    }

    @Test
    void updatesAndDeletesAreMaskedInBothImages() {
        Partial<SourceRecord> partial = partial("columns", "email,card", "keep.first", "0", "keep.last", "4");
        Struct newer = customers.row(1L, "johnny@example.org", "5500000000000004", 4, null);

        SourceRecord update = partial.apply(customers.update(john(), newer));
        SourceRecord delete = partial.apply(customers.delete(newer));

        assertThat(((Struct) update.value()).getStruct("before").get("card")).isEqualTo("************1111");
        assertThat(after(update).get("card")).isEqualTo("************0004");
        ClearText.assertAbsent(update, "john@example.com", "4111111111111111", "johnny@example.org", "5500000000000004");
        ClearText.assertAbsent(delete, "johnny@example.org", "5500000000000004");
    }

    @ParameterizedTest(name = "{0} with mode={1}, keep {2}/{3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            ab               | text  | 1 | 1 | **
            abc              | text  | 1 | 1 | a*c
            secret           | text  | 0 | 0 | ******
            zoë😀x           | text  | 1 | 1 | z***x
            ''               | text  | 1 | 0 | ''
            j@example.com    | email | 1 | 0 | *@example.com
            jo@example.com   | email | 1 | 0 | j*@example.com
            a@b@example.com  | email | 1 | 0 | a**@example.com
            not-an-email     | email | 1 | 0 | ************
            @example.com     | email | 1 | 0 | ************
            john@            | email | 1 | 0 | *****
            """)
    void masksByCharacterAndNeverShowsAShortValueWhole(String value, String mode, int first, int last, String expected) {
        Partial<SourceRecord> partial = partial("columns", "email", "mode", mode,
                "keep.first", String.valueOf(first), "keep.last", String.valueOf(last));

        Struct after = after(partial.apply(customers.insert(customers.row(1L, value, null, null, null))));

        assertThat(after.get("email")).isEqualTo(expected);
    }

    @Test
    void theMaskCharacterIsConfigurable_andNullsStayNull() {
        Struct after = after(partial("columns", "email,card", "mask.char", "#", "keep.first", "2")
                .apply(customers.insert(customers.row(1L, null, "123456", null, null))));

        assertThat(after.get("card")).isEqualTo("12####");
        assertThat(after.get("email")).isNull();
    }

    @Test
    void aColumnThatIsNotTextIsAConfigErrorNamingIt() {
        Partial<SourceRecord> partial = partial("columns", "email,visits");

        assertThatThrownBy(() -> partial.apply(customers.insert(john())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'visits'")
                .hasMessageContaining("public.customers")
                .hasMessageContaining("INT32");
    }

    @Test
    void aPrimaryKeyColumnIsRefused() {
        Schema byEmail = SchemaBuilder.struct().optional()
                .field("email", Schema.STRING_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes table = new Envelopes("shop", "public", "subscribers", byEmail);

        assertThatThrownBy(() -> partial("columns", "email").apply(table.insert(table.row("john@example.com", "John"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'email'")
                .hasMessageContaining("primary key");
    }

    @Test
    void nestedValuesTombstonesAndOtherTablesPassUntouched() {
        Partial<SourceRecord> partial = partial("columns", "email", "tables", "public\\.customers");
        Envelopes archive = new Envelopes("shop", "archive", "customers", CUSTOMERS);
        SourceRecord tombstone = customers.tombstone(john());
        SourceRecord otherTable = archive.insert(john());

        Struct after = after(partial.apply(customers.insert(john())));

        assertThat(after.getStruct("address")).isEqualTo(john().getStruct("address"));
        assertThat(partial.apply(tombstone)).isSameAs(tombstone);
        assertThat(partial.apply(otherTable)).isSameAs(otherTable);
    }

    @Test
    void twoSchemaVersionsAreEachMasked() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.customers.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA).field("card", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes customersV2 = new Envelopes("shop", "public", "customers", v2);
        Partial<SourceRecord> partial = partial("columns", "card", "keep.first", "0", "keep.last", "4");

        Struct first = after(partial.apply(customers.insert(john())));
        Struct second = after(partial.apply(customersV2.insert(customersV2.row(2L, "5500000000000004"))));

        assertThat(first.get("card")).isEqualTo("************1111");
        assertThat(second.get("card")).isEqualTo("************0004");
        assertThat(second.schema()).isSameAs(v2);
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> partial("columns", "card", "keep.first", "-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("keep.first");
        assertThatThrownBy(() -> partial("columns", "card", "mask.char", "ab"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mask.char").hasMessageContaining("one character");
        assertThatThrownBy(() -> partial("columns", "card", "mode", "phone"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mode").hasMessageContaining("phone");
        assertThatThrownBy(() -> partial("mode", "email"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("columns");
    }
}
