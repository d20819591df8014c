package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Envelopes;
import io.sluice.connector.change.Operation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class HashTest {

    static final String KEY = "a-long-random-test-secret-0123456789";

    static final Schema USERS = SchemaBuilder.struct().name("shop.public.users.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("address", MaskTest.ADDRESS)
            .build();

    private final Envelopes users = new Envelopes("shop", "public", "users", USERS);

    private Struct alice() {
        return users.row(1L, "alice@example.com", "Alice Liddell",
                new Struct(MaskTest.ADDRESS).put("street", "1 Rabbit Hole").put("city", "Oxford"));
    }

    private static Hash<SourceRecord> hash(String... settings) {
        Map<String, String> config = new HashMap<>(Map.of("key", KEY));
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Hash<SourceRecord> hash = new Hash<>();
        hash.configure(config);
        return hash;
    }

    private static String hmacHex(String key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(data));
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    private static Struct before(SourceRecord record) {
        return ((Struct) record.value()).getStruct("before");
    }

    @Test
    void matchesAnHmacComputedElsewhere() {
        // python3: hmac.new(b'a-long-random-test-secret-0123456789', b'Hi There', hashlib.sha256).hexdigest()
        Struct after = after(hash("columns", "email").apply(users.insert(users.row(1L, "Hi There", "x", null))));

        assertThat(after.get("email")).isEqualTo("1df357752fe50515e8773b59d991b43bd5d796e42c33270d8ffed461b267b293");
    }

    @Test
    void anInsertGetsAKeyedHashAndAStringColumn() throws Exception {
        SourceRecord hashed = hash("columns", "email").apply(users.insert(alice()));

        Struct after = after(hashed);
        assertThat(after.get("email")).isEqualTo(hmacHex(KEY, "alice@example.com".getBytes(StandardCharsets.UTF_8)));
        assertThat(after.schema().field("email").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(after.schema().field("name").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(after.get("name")).isEqualTo("Alice Liddell");
        ClearText.assertAbsent(hashed, "alice@example.com");
    }

    @Test
    void textBeyondAsciiAndLongerThanTheScratchHashesAsItsUtf8() throws Exception {
        Hash<SourceRecord> hash = hash("columns", "email,name");
        String[] names = {"Zoë Łukasiewicz", "张伟", "a".repeat(200) + "é", "Bob", "x".repeat(65), "y".repeat(300), "Ann 😀"};
        for (String name : names) {
            Struct after = after(hash.apply(users.insert(users.row(1L, null, name, null))));
            assertThat(after.get("name")).as(name).isEqualTo(hmacHex(KEY, name.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void updatesAndDeletesAreHashedInBothImages() {
        Hash<SourceRecord> hash = hash("columns", "email,name");
        Struct newer = users.row(1L, "alice@wonderland.org", "Alice L.", null);

        SourceRecord update = hash.apply(users.update(alice(), newer));
        SourceRecord delete = hash.apply(users.delete(newer));

        assertThat(before(update).getString("email")).hasSize(64);
        assertThat(after(update).getString("email")).hasSize(64).isNotEqualTo(before(update).get("email"));
        assertThat(before(delete).get("email")).isEqualTo(after(update).get("email"));
        ClearText.assertAbsent(update, "alice@example.com", "alice@wonderland.org", "Alice Liddell", "Alice L.");
        ClearText.assertAbsent(delete, "alice@wonderland.org", "Alice L.");
    }

    @Test
    void theSameValueHashesTheSameAcrossTablesSoJoinsWork_andADifferentKeyHashesDifferently() {
        Envelopes orders = Envelopes.mysql("shop-db", "shop", "orders", SchemaBuilder.struct().optional()
                .field("id", Schema.INT64_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA).build());

        Object fromUsers = after(hash("columns", "email").apply(users.insert(alice()))).get("email");
        Object fromOrders = after(hash("columns", "email").apply(orders.insert(orders.row(9L, "alice@example.com")))).get("email");
        Hash<SourceRecord> otherKey = new Hash<>();
        otherKey.configure(Map.of("columns", "email", "key", "another-long-random-secret-42"));
        Object underOtherKey = after(otherKey.apply(users.insert(alice()))).get("email");

        assertThat(fromOrders).isEqualTo(fromUsers);
        assertThat(underOtherKey).isNotEqualTo(fromUsers);
    }

    @Test
    void equalNumbersAndDatesHashTheSameWhateverTheirConnectType() throws Exception {
        Schema schema = SchemaBuilder.struct().optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("i32", Schema.INT32_SCHEMA)
                .field("i64", Schema.INT64_SCHEMA)
                .field("dec", Decimal.builder(2).build())
                .field("dbl", Schema.FLOAT64_SCHEMA)
                .field("txt", Schema.STRING_SCHEMA)
                .field("connect_date", Date.SCHEMA)
                .field("debezium_date", SchemaBuilder.int32().name("io.debezium.time.Date").build())
                .build();
        Envelopes table = new Envelopes("shop", "public", "numbers", schema);
        LocalDate day = LocalDate.of(2024, 1, 31);

        Struct after = after(hash("columns", "i32,i64,dec,dbl,txt,connect_date,debezium_date").apply(table.insert(
                table.row(1L, 42, 42L, new BigDecimal("42.00"), 42.0, "42",
                        java.util.Date.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()), (int) day.toEpochDay()))));

        String fortyTwo = hmacHex(KEY, "42".getBytes(StandardCharsets.UTF_8));
        assertThat(List.of(after.get("i32"), after.get("i64"), after.get("dec"), after.get("dbl"), after.get("txt")))
                .containsOnly(fortyTwo);
        assertThat(after.get("connect_date")).isEqualTo(after.get("debezium_date"))
                .isEqualTo(hmacHex(KEY, "2024-01-31".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bytesAreHashedAsTheyAre_andNestedValuesAsJson() throws Exception {
        Schema schema = SchemaBuilder.struct().optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("address", MaskTest.ADDRESS)
                .build();
        Envelopes table = new Envelopes("shop", "public", "photos", schema);
        byte[] photo = {1, 2, 3, (byte) 0xff};

        Struct after = after(hash("columns", "photo,address").apply(table.insert(
                table.row(1L, photo, new Struct(MaskTest.ADDRESS).put("street", "1 Rabbit Hole").put("city", "Oxford")))));

        assertThat(after.get("photo")).isEqualTo(hmacHex(KEY, photo));
        assertThat(after.get("address")).isEqualTo(hmacHex(KEY,
                "{\"street\":\"1 Rabbit Hole\",\"city\":\"Oxford\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNullStaysNull() {
        Struct after = after(hash("columns", "email").apply(users.insert(users.row(2L, null, "Bob", null))));

        assertThat(after.get("email")).isNull();
        assertThat(after.schema().field("email").schema().isOptional()).isTrue();
    }

    @Test
    void base64AndLengthShapeTheText() {
        String full = after(hash("columns", "email", "encoding", "base64").apply(users.insert(alice()))).getString("email");
        String cut = after(hash("columns", "email", "encoding", "base64", "length", "12").apply(users.insert(alice())))
                .getString("email");

        assertThat(full).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(cut).isEqualTo(full.substring(0, 12));

        String hex = after(hash("columns", "email").apply(users.insert(alice()))).getString("email");
        String oddCut = after(hash("columns", "email", "length", "13").apply(users.insert(alice()))).getString("email");
        assertThat(hex).hasSize(64).matches("[0-9a-f]+");
        assertThat(oddCut).isEqualTo(hex.substring(0, 13));
    }

    @Test
    void aHashedPrimaryKeyIsHashedInTheRecordKeyToo_soTheWarehouseKeysAgree() {
        Hash<SourceRecord> hash = hash("columns", "id,email");
        List<ChangeEvent> events = new ArrayList<>();
        ChangeEventReader reader = new ChangeEventReader();

        SourceRecord insert = hash.apply(users.insert(alice()));
        SourceRecord delete = hash.apply(users.delete(alice()));
        reader.read(insert, ChangeSink.changesOnly(events::add));
        reader.read(delete, ChangeSink.changesOnly(events::add));

        Struct key = (Struct) insert.key();
        assertThat(insert.keySchema().field("id").schema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(key.getString("id")).hasSize(64).isEqualTo(after(insert).get("id"));
        assertThat(((Struct) delete.key()).get("id")).isEqualTo(key.get("id"));
        assertThat(events).extracting(ChangeEvent::op).containsExactly(Operation.UPSERT, Operation.DELETE);
        assertThat(events.get(1).key()).isEqualTo(events.get(0).key());
    }

    @Test
    void aTextPrimaryKeyIsHashedInTheRecordKeyToo_thoughItsTypeStaysText() {
        // A hashed text column keeps its schema (text in, text out): the key must be hashed all the same.
        Schema accounts = SchemaBuilder.struct().name("shop.public.accounts.Value").optional()
                .field("email", Schema.STRING_SCHEMA).field("plan", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes table = new Envelopes("shop", "public", "accounts", accounts);
        Hash<SourceRecord> hash = hash("columns", "email");
        Struct row = table.row("alice@example.com", "pro");

        for (SourceRecord record : List.of(table.insert(row), table.delete(row), table.tombstone(row))) {
            SourceRecord hashed = hash.apply(record);
            String key = ((Struct) hashed.key()).getString("email");
            assertThat(key).as("key of %s", record.value()).hasSize(64).isNotEqualTo("alice@example.com");
            assertThat(hashed.toString()).doesNotContain("alice@");
        }
    }

    @Test
    void theKeyOfATombstoneIsHashed() {
        Hash<SourceRecord> hash = hash("columns", "id", "tables", "public\\.users");
        Envelopes other = new Envelopes("shop", "public", "customers", USERS);

        SourceRecord tombstone = hash.apply(users.tombstone(alice()));
        SourceRecord otherTombstone = other.tombstone(alice());

        assertThat(tombstone.value()).isNull();
        assertThat(((Struct) tombstone.key()).get("id"))
                .isEqualTo(((Struct) hash.apply(users.delete(alice())).key()).get("id"));
        assertThat(hash.apply(otherTombstone)).isSameAs(otherTombstone);
    }

    @Test
    void debeziumKeyHeadersOfAKeyChangeAreHashed() {
        SourceRecord keyChange = users.insert(users.row(2L, "alice@example.com", "Alice", null));
        Struct oldKey = (Struct) users.insert(alice()).key();
        keyChange.headers().add(Hash.OLD_KEY_HEADER, oldKey, oldKey.schema());
        keyChange.headers().addString("trace", "t-1");

        SourceRecord hashed = hash("columns", "id").apply(keyChange);

        Struct hashedOldKey = (Struct) hashed.headers().lastWithName(Hash.OLD_KEY_HEADER).value();
        assertThat(hashedOldKey.getString("id")).hasSize(64)
                .isEqualTo(((Struct) hash("columns", "id").apply(users.insert(alice())).key()).get("id"));
        assertThat(hashed.headers().lastWithName("trace").value()).isEqualTo("t-1");
        assertThat(keyChange.headers().lastWithName(Hash.OLD_KEY_HEADER).value()).as("input untouched").isSameAs(oldKey);
    }

    @Test
    void tablesThatAreNotSelectedPassUnchanged() {
        SourceRecord insert = users.insert(alice());

        assertThat(hash("columns", "email", "tables", "crm\\..*").apply(insert)).isSameAs(insert);
    }

    @Test
    void twoSchemaVersionsAreEachHashedInTheirOwnShape() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.users.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA).field("email", Schema.STRING_SCHEMA).field("phone", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Envelopes usersV2 = new Envelopes("shop", "public", "users", v2);
        Hash<SourceRecord> hash = hash("columns", "email,phone");

        Struct first = after(hash.apply(users.insert(alice())));
        Struct second = after(hash.apply(usersV2.insert(usersV2.row(1L, "alice@example.com", "+44 1865"))));
        Struct third = after(hash.apply(users.insert(alice())));

        assertThat(first.schema().field("email").schema().isOptional()).isTrue();
        assertThat(second.schema().field("email").schema().isOptional()).as("required stays required").isFalse();
        assertThat(second.schema().field("phone").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(second.get("email")).isEqualTo(first.get("email"));
        assertThat(third.schema()).isSameAs(first.schema());
    }

    @Test
    void theKeyIsAPasswordAndNeverShown() {
        Hash<SourceRecord> hash = hash("columns", "email");

        assertThat(Hash.CONFIG_DEF.configKeys().get("key").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(hash.toString()).contains("email").doesNotContain(KEY);
        assertThatThrownBy(() -> hash("columns", "email", "key", "short-secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-secret"));
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> new Hash<SourceRecord>().configure(Map.of("columns", "email")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> hash("columns", "email", "encoding", "base32"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("encoding").hasMessageContaining("base32");
        assertThatThrownBy(() -> hash("columns", "email", "encoding", "base64", "length", "50"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("43 characters");
        assertThatThrownBy(() -> hash("columns", "email", "length", "4"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 8");
    }
}
