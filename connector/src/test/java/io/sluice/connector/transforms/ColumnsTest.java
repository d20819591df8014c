package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Envelopes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    static final Schema USERS = SchemaBuilder.struct().name("shop.public.users.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ssn", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pii_notes", Schema.OPTIONAL_STRING_SCHEMA)
            .field("plan", SchemaBuilder.string().optional().defaultValue("free").build())
            .field("address", MaskTest.ADDRESS)
            .build();

    private final Envelopes users = new Envelopes("shop", "public", "users", USERS);

    private Struct alice() {
        return users.row(1L, "alice@example.com", "078-05-1120", "likes cats", "pro",
                new Struct(MaskTest.ADDRESS).put("street", "1 Rabbit Hole").put("city", "Oxford"));
    }

    private static Columns<SourceRecord> columns(String... settings) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Columns<SourceRecord> columns = new Columns<>();
        columns.configure(config);
        return columns;
    }

    private static List<String> names(Struct row) {
        return row.schema().fields().stream().map(Field::name).toList();
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    @Test
    void excludedColumnsLeaveBothTheSchemaAndTheRows() {
        SourceRecord governed = columns("exclude", "ssn,pii_.*").apply(users.update(alice(), alice()));

        Struct value = (Struct) governed.value();
        assertThat(names(value.getStruct("after"))).containsExactly("id", "email", "plan", "address");
        assertThat(names(value.getStruct("before"))).containsExactly("id", "email", "plan", "address");
        assertThat(value.schema().field("after").schema().isOptional()).isTrue();
        assertThat(value.getStruct("after").getStruct("address").get("city")).isEqualTo("Oxford");
        ClearText.assertAbsent(governed, "078-05-1120", "likes cats");
    }

    @Test
    void includeKeepsOnlyMatchingColumns_andExcludeWinsOverInclude() {
        Struct after = after(columns("include", "id,e.*,ssn", "exclude", "ssn").apply(users.insert(alice())));

        assertThat(names(after)).containsExactly("id", "email");
        assertThat(after.get("email")).isEqualTo("alice@example.com");
    }

    @Test
    void patternsMatchWholeNames() {
        Struct after = after(columns("exclude", "s").apply(users.insert(alice())));

        assertThat(names(after)).contains("ssn");
    }

    @Test
    void aDeleteKeepsNothingDropped_andTheWriterStillReadsItsKey() {
        List<ChangeEvent> events = new ArrayList<>();

        SourceRecord delete = columns("include", "id,email").apply(users.delete(alice()));
        new ChangeEventReader().read(delete, ChangeSink.changesOnly(events::add));

        assertThat(names(((Struct) delete.value()).getStruct("before"))).containsExactly("id", "email");
        ClearText.assertAbsent(delete, "078-05-1120", "likes cats", "Oxford");
        assertThat(events).singleElement().satisfies(event -> assertThat(event.key().values()).containsExactly(1L));
    }

    @Test
    void aNullIsCopiedAsNull_notAsTheColumnDefault() {
        Struct row = users.row(2L, null, null, null, null, null);

        Struct after = after(columns("exclude", "ssn").apply(users.insert(row)));

        assertThat(after.getWithoutDefault("plan")).isNull();
    }

    @Test
    void droppingAPrimaryKeyColumnIsRefusedNamingIt() {
        Columns<SourceRecord> columns = columns("include", "email,ssn");

        assertThatThrownBy(() -> columns.apply(users.insert(alice())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'id'")
                .hasMessageContaining("public.users")
                .hasMessageContaining("primary key");
    }

    @Test
    void twoSchemaVersionsGetTheirOwnProjections() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.users.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("ssn", Schema.OPTIONAL_STRING_SCHEMA).field("pii_phone", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Envelopes usersV2 = new Envelopes("shop", "public", "users", v2);
        Columns<SourceRecord> columns = columns("exclude", "ssn,pii_.*");

        Struct first = after(columns.apply(users.insert(alice())));
        Struct second = after(columns.apply(usersV2.insert(usersV2.row(2L, "bob@example.com", "1", "+44"))));
        Struct third = after(columns.apply(users.insert(alice())));

        assertThat(names(first)).containsExactly("id", "email", "plan", "address");
        assertThat(names(second)).containsExactly("id", "email");
        assertThat(third.schema()).isSameAs(first.schema());
    }

    @Test
    void tombstonesOtherTablesAndTablesWithNothingToDropPassUnchanged() {
        Columns<SourceRecord> columns = columns("exclude", "ssn", "tables", "public\\.users");
        Envelopes mysqlUsers = Envelopes.mysql("crm", "crm", "users", USERS);
        Schema noSsn = SchemaBuilder.struct().optional()
                .field("id", Schema.INT64_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes clean = new Envelopes("shop", "public", "users", noSsn);
        SourceRecord tombstone = users.tombstone(alice());
        SourceRecord otherTable = mysqlUsers.insert(alice());
        SourceRecord nothingToDrop = clean.insert(clean.row(1L, "x@example.com"));

        assertThat(columns.apply(tombstone)).isSameAs(tombstone);
        assertThat(columns.apply(otherTable)).isSameAs(otherTable);
        assertThat(columns.apply(nothingToDrop)).isSameAs(nothingToDrop);
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> columns())
                .isInstanceOf(ConfigException.class).hasMessageContaining("include").hasMessageContaining("exclude");
        assertThatThrownBy(() -> columns("exclude", "ssn,[a-"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exclude").hasMessageContaining("[a-");
    }
}
