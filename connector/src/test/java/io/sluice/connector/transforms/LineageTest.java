package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Envelopes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class LineageTest {

    @Test
    void aPostgresPositionIsTheLsnAsPostgresPrintsIt() {
        Schema schema = SchemaBuilder.struct().field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
        assertThat(Lineage.positionOf(new Struct(schema).put("lsn", 0x16_B374D848L))).isEqualTo("16/B374D848");
        assertThat(Lineage.positionOf(new Struct(schema).put("lsn", 0L))).isEqualTo("0/0");
        assertThat(Lineage.positionOf(new Struct(schema).put("lsn", 0x1_0000000AL))).isEqualTo("1/A");
        assertThat(Lineage.positionOf(new Struct(schema).put("lsn", -1L))).isEqualTo("FFFFFFFF/FFFFFFFF");
    }

    static final Schema USERS = SchemaBuilder.struct().name("shop.public.users.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", MaskTest.ADDRESS)
            .build();

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private final Envelopes users = new Envelopes("shop", "public", "users", USERS);

    /** A clock that moves one millisecond each time it is read. */
    private static Clock ticking() {
        AtomicLong millis = new AtomicLong(NOW.toEpochMilli());
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.getAndIncrement());
            }
        };
    }

    private static Lineage<SourceRecord> lineage(String... settings) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Lineage<SourceRecord> lineage = new Lineage<>(ticking());
        lineage.configure(config);
        return lineage;
    }

    private Struct alice() {
        return users.row(1L, "alice@example.com", new Struct(MaskTest.ADDRESS).put("city", "Oxford"));
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    private static List<String> names(Struct row) {
        return row.schema().fields().stream().map(Field::name).toList();
    }

    @Test
    void aPostgresInsertGetsEveryLineageColumnByDefault() {
        SourceRecord insert = users.insert(alice());
        Struct source = ((Struct) insert.value()).getStruct("source");

        Struct after = after(lineage().apply(insert));

        assertThat(names(after)).containsExactly("id", "email", "address", "__source", "__database", "__schema",
                "__table", "__op", "__source_ts", "__position", "__loaded_at");
        assertThat(after.get("__source")).isEqualTo("shop");
        assertThat(after.get("__database")).isEqualTo("shop");
        assertThat(after.get("__schema")).isEqualTo("public");
        assertThat(after.get("__table")).isEqualTo("users");
        assertThat(after.get("__op")).isEqualTo("c");
        assertThat(after.get("__source_ts")).isEqualTo(new Date(source.getInt64("ts_ms")));
        assertThat(after.get("__position")).isEqualTo(
                Long.toHexString(source.getInt64("lsn") >>> 32).toUpperCase() + "/"
                        + Long.toHexString(source.getInt64("lsn") & 0xFFFFFFFFL).toUpperCase());
        assertThat(after.get("__position")).isEqualTo("5/1000");
        assertThat(after.get("__loaded_at")).isEqualTo(Date.from(NOW));
        assertThat(after.get("email")).isEqualTo("alice@example.com");
        assertThat(after.getStruct("address").get("city")).isEqualTo("Oxford");
    }

    @Test
    void lineageColumnsAreOptionalAndTimesAreConnectTimestamps() {
        Schema schema = after(lineage().apply(users.insert(alice()))).schema();

        assertThat(schema.field("__source_ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.field("__loaded_at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(schema.fields().subList(3, schema.fields().size()))
                .allSatisfy(field -> assertThat(field.schema().isOptional()).isTrue());
    }

    @Test
    void bothImagesOfAnUpdateGetTheSameLineage_evenAsTheClockMoves() {
        Struct value = (Struct) lineage().apply(users.update(alice(), alice())).value();

        Struct before = value.getStruct("before");
        Struct after = value.getStruct("after");
        for (String column : List.of("__op", "__source_ts", "__position", "__loaded_at")) {
            assertThat(before.get(column)).as(column).isEqualTo(after.get(column));
        }
        assertThat(after.get("__op")).isEqualTo("u");
    }

    @Test
    void aDeleteGetsLineageOnItsOldRow() {
        Struct before = ((Struct) lineage().apply(users.delete(alice())).value()).getStruct("before");

        assertThat(before.get("__op")).isEqualTo("d");
        assertThat(before.get("email")).isEqualTo("alice@example.com");
    }

    @Test
    void mysqlAndMariaDbPositionsAreBinlogFileAndPosition_withTheGtidWhenThereIsOne() {
        Envelopes mysql = Envelopes.mysql("crm-db", "crm", "users", USERS);
        Envelopes mariadb = Envelopes.mariadb("erp-db", "erp", "users", USERS);

        Struct fromMysql = after(lineage().apply(mysql.insert(alice())));
        Struct fromMariadb = after(lineage().apply(mariadb.insert(alice())));

        assertThat(fromMysql.get("__position")).isEqualTo("mysql-bin.000003:104");
        assertThat(fromMysql.get("__database")).isEqualTo("crm");
        assertThat(fromMysql.get("__schema")).isNull();
        assertThat(fromMysql.get("__source")).isEqualTo("crm-db");
        assertThat(fromMariadb.get("__position")).isEqualTo("mysql-bin.000003:104 gtid=0-1-1");
    }

    @Test
    void columnsChoosesWhichAndNamesThem() {
        Struct after = after(lineage("columns", "op, source_ts:_synced_at").apply(users.insert(alice())));

        assertThat(names(after)).containsExactly("id", "email", "address", "__op", "_synced_at");
    }

    @Test
    void theWriterReadsLineageColumnsLikeAnyOther() {
        List<ChangeEvent> events = new ArrayList<>();

        new ChangeEventReader().read(lineage("columns", "table,loaded_at").apply(users.insert(alice())), ChangeSink.changesOnly(events::add));

        ChangeEvent event = events.get(0);
        assertThat(event.schema().columns()).extracting(column -> column.name()).endsWith("__table", "__loaded_at");
        assertThat(event.row()).endsWith("users", LocalDateTime.ofInstant(NOW, ZoneOffset.UTC));
    }

    @Test
    void twoSchemaVersionsBothGetLineage() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.users.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA).field("phone", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes usersV2 = new Envelopes("shop", "public", "users", v2);
        Lineage<SourceRecord> lineage = lineage("columns", "op");

        Struct first = after(lineage.apply(users.insert(alice())));
        Struct second = after(lineage.apply(usersV2.update(usersV2.row(2L, "1"), usersV2.row(2L, "2"))));

        assertThat(names(first)).containsExactly("id", "email", "address", "__op");
        assertThat(names(second)).containsExactly("id", "phone", "__op");
        assertThat(second.get("__op")).isEqualTo("u");
    }

    @Test
    void tombstonesAndOtherTablesPassUnchanged() {
        Lineage<SourceRecord> lineage = lineage("tables", "public\\.orders");
        SourceRecord tombstone = users.tombstone(alice());
        SourceRecord otherTable = users.insert(alice());

        assertThat(lineage.apply(tombstone)).isSameAs(tombstone);
        assertThat(lineage.apply(otherTable)).isSameAs(otherTable);
    }

    @Test
    void aRowThatAlreadyHasALineageColumnIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> lineage("columns", "op:email").apply(users.insert(alice())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'email'")
                .hasMessageContaining("public.users")
                .hasMessageContaining("op:_lineage_op");
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> lineage("columns", "op,lsn"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lsn")
                .hasMessageContaining("source,database,schema,table,op,source_ts,position,loaded_at");
        assertThatThrownBy(() -> lineage("columns", "op:x,table:x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("two lineage columns named 'x'");
        assertThatThrownBy(() -> lineage("columns", "op:"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no column");
        assertThatThrownBy(() -> lineage("columns", ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least one");
    }
}
