package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class MaskTest {

    static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("street", Schema.OPTIONAL_STRING_SCHEMA)
            .field("city", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static final Schema USERS = SchemaBuilder.struct().name("shop.public.users.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("age", Schema.OPTIONAL_INT32_SCHEMA)
            .field("vip", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("address", ADDRESS)
            .build();

    private final Envelopes users = new Envelopes("shop", "public", "users", USERS);

    private Struct alice() {
        return users.row(1L, "alice@example.com", "Alice Liddell", 31, true,
                new Struct(ADDRESS).put("street", "1 Rabbit Hole").put("city", "Oxford"));
    }

    private static Mask<SourceRecord> mask(Map<String, String> settings) {
        Mask<SourceRecord> mask = new Mask<>();
        mask.configure(settings);
        return mask;
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    private static Struct before(SourceRecord record) {
        return ((Struct) record.value()).getStruct("before");
    }

    @Test
    void anInsertHasItsColumnsNulledAndKeepsItsSchema() {
        SourceRecord masked = mask(Map.of("columns", "email,age")).apply(users.insert(alice()));

        Struct after = after(masked);
        assertThat(after.get("email")).isNull();
        assertThat(after.get("age")).isNull();
        assertThat(after.get("name")).isEqualTo("Alice Liddell");
        assertThat(after.getInt64("id")).isEqualTo(1L);
        assertThat(after.schema()).isSameAs(USERS);
        ClearText.assertAbsent(masked, "alice@example.com", "31");
    }

    @Test
    void anUpdateIsMaskedInBeforeAndAfter() {
        Struct newer = users.row(1L, "alice@wonderland.org", "Alice L.", 32, true, null);

        SourceRecord masked = mask(Map.of("columns", "email,name", "replacement", "same-length"))
                .apply(users.update(alice(), newer));

        assertThat(before(masked).get("email")).isEqualTo("*".repeat("alice@example.com".length()));
        assertThat(after(masked).get("email")).isEqualTo("*".repeat("alice@wonderland.org".length()));
        assertThat(after(masked).get("name")).isEqualTo("********");
        ClearText.assertAbsent(masked, "alice@example.com", "alice@wonderland.org", "Alice Liddell", "Alice L.");
    }

    @Test
    void aDeleteLeaksNothingTheUpdateMasked() {
        Mask<SourceRecord> mask = mask(Map.of("columns", "email,name,address"));

        SourceRecord masked = mask.apply(users.delete(alice()));

        assertThat(after(masked)).isNull();
        assertThat(before(masked).get("email")).isNull();
        assertThat(before(masked).get("address")).isNull();
        assertThat(before(masked).get("name")).as("a required column gets its zero value").isEqualTo("");
        ClearText.assertAbsent(masked, "alice@example.com", "Alice", "Rabbit Hole", "Oxford");
    }

    @Test
    void everythingButTheRowImagesIsCarriedOver() {
        SourceRecord original = users.update(alice(), alice());
        original.headers().addString("trace", "t-1");

        SourceRecord masked = mask(Map.of("columns", "email")).apply(original);

        Struct in = (Struct) original.value();
        Struct out = (Struct) masked.value();
        assertThat(out.get("op")).isEqualTo("u");
        assertThat(out.get("ts_ms")).isEqualTo(in.get("ts_ms"));
        assertThat(out.get("source")).isEqualTo(in.get("source"));
        assertThat(out.schema().name()).isEqualTo(in.schema().name());
        assertThat(masked.key()).isEqualTo(original.key());
        assertThat(masked.topic()).isEqualTo(original.topic());
        assertThat(masked.sourceOffset()).isEqualTo(original.sourceOffset());
        assertThat(masked.headers().lastWithName("trace").value()).isEqualTo("t-1");
        assertThat(after(original).get("email")).as("the input is never mutated").isEqualTo("alice@example.com");
    }

    @Test
    void sameLengthCountsCharactersAndMasksOtherTypesWithZero() {
        Struct row = users.row(2L, "zoë😀", "Zoë", 40, true, null);

        Struct after = after(mask(Map.of("columns", "email,age,vip", "replacement", "same-length"))
                .apply(users.insert(row)));

        assertThat(after.get("email")).isEqualTo("****");
        assertThat(after.get("age")).isEqualTo(0);
        assertThat(after.get("vip")).isEqualTo(false);
    }

    @Test
    void aFixedTextReplacesText() {
        Struct after = after(mask(Map.of("columns", "email", "replacement", "REDACTED")).apply(users.insert(alice())));

        assertThat(after.get("email")).isEqualTo("REDACTED");
    }

    @Test
    void aFixedTextOnANumberColumnIsAConfigErrorNamingTheColumn() {
        Mask<SourceRecord> mask = mask(Map.of("columns", "email,age", "replacement", "REDACTED"));

        assertThatThrownBy(() -> mask.apply(users.insert(alice())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'age'")
                .hasMessageContaining("public.users")
                .hasMessageContaining("INT32")
                .hasMessageContaining("replacement=null");
    }

    @Test
    void nullReplacementGivesZeroWhereTheColumnCannotBeNull() {
        Schema prices = SchemaBuilder.struct().name("shop.public.prices.Value").optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("amount", Decimal.builder(2).build())
                .field("count", Schema.INT16_SCHEMA)
                .field("active", Schema.BOOLEAN_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .build();
        Envelopes table = new Envelopes("shop", "public", "prices", prices);

        Struct after = after(mask(Map.of("columns", "amount,count,active,tags"))
                .apply(table.insert(table.row(1L, new BigDecimal("12.34"), (short) 7, true, List.of("a")))));

        assertThat(after.get("amount")).isEqualTo(new BigDecimal("0.00"));
        assertThat(after.get("count")).isEqualTo((short) 0);
        assertThat(after.get("active")).isEqualTo(false);
        assertThat(after.get("tags")).isEqualTo(List.of());
    }

    @Test
    void structuredTextKeepsAValidValueOfItsType() {
        Schema uuid = SchemaBuilder.string().name("io.debezium.data.Uuid").build();
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").optional().build();
        Schema schema = SchemaBuilder.struct().name("t").optional()
                .field("id", Schema.INT64_SCHEMA).field("token", uuid).field("profile", json).build();
        Envelopes table = new Envelopes("shop", "public", "tokens", schema);

        Struct after = after(mask(Map.of("columns", "token,profile", "replacement", "same-length"))
                .apply(table.insert(table.row(1L, "4f7a2c1e-5b7d-4c5e-9f1a-0c2b3d4e5f60", "{\"ssn\":\"123\"}"))));

        assertThat(after.get("token")).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(after.get("profile")).isEqualTo("{}");
    }

    @Test
    void aNullStaysNull() {
        Struct row = users.row(3L, null, "Nobody", null, null, null);

        Struct after = after(mask(Map.of("columns", "email,age", "replacement", "same-length")).apply(users.insert(row)));

        assertThat(after.get("email")).isNull();
        assertThat(after.get("age")).isNull();
    }

    @Test
    void aNestedStructIsKeptWhole_orNulledWhenMasked() {
        Struct kept = after(mask(Map.of("columns", "email")).apply(users.insert(alice())));
        Struct nulled = after(mask(Map.of("columns", "address", "replacement", "same-length")).apply(users.insert(alice())));

        assertThat(kept.getStruct("address").get("city")).isEqualTo("Oxford");
        assertThat(nulled.get("address")).isNull();
    }

    @Test
    void tombstonesAndRecordsThatAreNotChangesPassUnchanged() {
        Mask<SourceRecord> mask = mask(Map.of("columns", "email"));
        SourceRecord tombstone = users.tombstone(alice());
        Schema heartbeatSchema = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
        SourceRecord heartbeat = new SourceRecord(Map.of(), Map.of(), "__debezium-heartbeat.shop", null, null, null,
                heartbeatSchema, new Struct(heartbeatSchema).put("ts_ms", 1L));
        SourceRecord schemaless = new SourceRecord(Map.of(), Map.of(), "t", null, null, null, null,
                Map.of("email", "alice@example.com"));

        assertThat(mask.apply(tombstone)).isSameAs(tombstone);
        assertThat(mask.apply(heartbeat)).isSameAs(heartbeat);
        assertThat(mask.apply(schemaless)).isSameAs(schemaless);
    }

    @Test
    void tablesSelectsBySchemaAndTable() {
        Mask<SourceRecord> mask = mask(Map.of("columns", "email", "tables", "public\\.user.*, crm\\.contacts"));
        Envelopes archive = new Envelopes("shop", "archive", "users", USERS);
        Envelopes contacts = Envelopes.mysql("crm-db", "crm", "contacts", USERS);
        Envelopes leads = Envelopes.mariadb("crm-db", "crm", "leads", USERS);

        SourceRecord otherSchema = archive.insert(alice());
        SourceRecord otherTable = leads.insert(alice());

        assertThat(after(mask.apply(users.insert(alice()))).get("email")).isNull();
        assertThat(after(mask.apply(contacts.insert(alice()))).get("email")).as("MySQL: db.table").isNull();
        assertThat(mask.apply(otherSchema)).isSameAs(otherSchema);
        assertThat(mask.apply(otherTable)).isSameAs(otherTable);
    }

    @Test
    void aTableWithoutTheColumnsPassesUnchanged() {
        Schema orders = SchemaBuilder.struct().name("o").optional()
                .field("id", Schema.INT64_SCHEMA).field("total", Schema.OPTIONAL_INT32_SCHEMA).build();
        Envelopes table = new Envelopes("shop", "public", "orders", orders);
        SourceRecord insert = table.insert(table.row(1L, 5));

        assertThat(mask(Map.of("columns", "email")).apply(insert)).isSameAs(insert);
    }

    @Test
    void twoSchemaVersionsOfATableAreEachMaskedInTheirOwnShape() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.users.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Envelopes usersV2 = new Envelopes("shop", "public", "users", v2);
        Mask<SourceRecord> mask = mask(Map.of("columns", "email,phone", "replacement", "same-length"));

        SourceRecord first = mask.apply(users.insert(alice()));
        SourceRecord second = mask.apply(usersV2.insert(usersV2.row(2L, "bob@example.com", "+44 1865 000")));
        SourceRecord third = mask.apply(users.update(alice(), alice()));

        assertThat(after(first).schema()).isSameAs(USERS);
        assertThat(after(second).schema()).isSameAs(v2);
        assertThat(after(second).get("phone")).isEqualTo("************");
        ClearText.assertAbsent(second, "bob@example.com", "+44");
        ClearText.assertAbsent(third, "alice@example.com");
    }

    @Test
    void aPrimaryKeyColumnIsRefused() {
        Mask<SourceRecord> mask = mask(Map.of("columns", "id"));

        assertThatThrownBy(() -> mask.apply(users.insert(alice())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'id'")
                .hasMessageContaining("primary key")
                .hasMessageContaining("Hash");
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> mask(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> mask(Map.of("columns", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("columns");
        assertThatThrownBy(() -> mask(Map.of("columns", "email", "tables", "public\\.(users")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tables")
                .hasMessageContaining("public\\.(users")
                .hasMessageContaining("not a valid regular expression");
    }
}
