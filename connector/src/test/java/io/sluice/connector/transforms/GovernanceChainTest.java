package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Envelopes;
import io.sluice.connector.change.Operation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/** The transforms as a pipeline runs them: in a chain, on a stream, feeding the writer's reader. */
class GovernanceChainTest {

    static final Schema CUSTOMERS = SchemaBuilder.struct().name("shop.public.customers.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ssn", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("balance", Decimal.builder(2).optional().build())
            .build();

    private final Envelopes customers = new Envelopes("shop", "public", "customers", CUSTOMERS);

    private static List<Transformation<SourceRecord>> chain() {
        Columns<SourceRecord> columns = new Columns<>();
        columns.configure(Map.of("exclude", "ssn"));
        Hash<SourceRecord> hash = new Hash<>();
        hash.configure(Map.of("columns", "id", "key", HashTest.KEY));
        Partial<SourceRecord> partial = new Partial<>();
        partial.configure(Map.of("columns", "email", "mode", "email"));
        Mask<SourceRecord> mask = new Mask<>();
        mask.configure(Map.of("columns", "phone,name", "replacement", "same-length"));
        Quality<SourceRecord> quality = new Quality<>();
        quality.configure(Map.of("rules", "balance_range:range(balance, 0, ):tag"));
        Filter<SourceRecord> filter = new Filter<>();
        filter.configure(Map.of("condition", "status = 'test'", "action", "drop"));
        Lineage<SourceRecord> lineage = new Lineage<>();
        lineage.configure(Map.of("columns", "op,position"));
        return List.of(columns, hash, partial, mask, quality, filter, lineage);
    }

    private static List<Transformation<SourceRecord>> partialMaskHash() {
        Partial<SourceRecord> partial = new Partial<>();
        partial.configure(Map.of("columns", "email", "mode", "email"));
        Mask<SourceRecord> mask = new Mask<>();
        mask.configure(Map.of("columns", "phone,name", "replacement", "same-length"));
        Hash<SourceRecord> hash = new Hash<>();
        hash.configure(Map.of("columns", "id,ssn", "key", HashTest.KEY));
        return List.of(partial, mask, hash);
    }

    private static SourceRecord govern(List<Transformation<SourceRecord>> chain, SourceRecord record) {
        for (Transformation<SourceRecord> transform : chain) {
            if (record == null) {
                return null;
            }
            record = transform.apply(record);
        }
        return record;
    }

    private Struct row(long id, String email, String phone, String status, String balance) {
        return customers.row(id, email, phone, "078-05-1120", "Jane Roe", status, new BigDecimal(balance));
    }

    @Test
    void aStreamGovernedByTheWholeChainReachesTheWriterWithoutClearValues() {
        List<Transformation<SourceRecord>> chain = chain();
        List<SourceRecord> stream = List.of(
                customers.insert(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00")),
                customers.insert(row(2, "test@example.com", "+44 0000", "test", "0.00")),
                customers.update(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00"),
                        row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.delete(row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.tombstone(row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")));
        List<SourceRecord> governed = new ArrayList<>();
        List<ChangeEvent> events = new ArrayList<>();
        ChangeEventReader reader = new ChangeEventReader();

        for (SourceRecord record : stream) {
            SourceRecord out = govern(chain, record);
            if (out != null) {
                governed.add(out);
                reader.read(out, ChangeSink.changesOnly(events::add));
            }
        }

        assertThat(governed).hasSize(4); // the test customer is filtered out
        for (SourceRecord record : governed) {
            ClearText.assertAbsent(record, "jane@example.com", "jane.roe@", "+44", "078-05-1120", "Jane Roe", "ssn");
        }
        assertThat(events).extracting(ChangeEvent::op)
                .containsExactly(Operation.UPSERT, Operation.UPSERT, Operation.DELETE);
        assertThat(events).extracting(ChangeEvent::key).containsOnly(events.get(0).key());
        assertThat(events.get(0).schema().columns()).extracting(column -> column.name()).containsExactly(
                "id", "email", "phone", "name", "status", "balance", "__quality_issues", "__op", "__position");
        assertThat(events.get(1).row()).contains("j*******@example.org", "balance_range", "u");
        assertThat(events.get(0).row()[0]).asString().hasSize(64);
    }

    @Test
    void eachTransformKeepsOneOutputSchemaPerTableVersion() {
        List<Transformation<SourceRecord>> chain = chain();

        SourceRecord first = govern(chain, customers.insert(row(1, "a@example.com", "1", "active", "1")));
        SourceRecord second = govern(chain, customers.update(row(2, "b@example.com", "2", "active", "2"),
                row(2, "c@example.com", "3", "active", "3")));

        assertThat(second.valueSchema()).isSameAs(first.valueSchema());
        assertThat(second.keySchema()).isSameAs(first.keySchema());
        assertThat(((Struct) second.value()).getStruct("after").schema())
                .isSameAs(((Struct) first.value()).getStruct("after").schema());
    }

    @Test
    void aTruncateHasNoRowsAndPassesEveryTransformUnchanged() {
        SourceRecord truncate = customers.truncate();

        for (Transformation<SourceRecord> transform : chain()) {
            assertThat(transform.apply(truncate)).as(transform.getClass().getSimpleName()).isSameAs(truncate);
        }
    }

    /** A transform that is not Sluice's: it adds a header, so the chain must hand it a whole record. */
    private static Transformation<SourceRecord> headerAdder() {
        return new Transformation<>() {
            @Override
            public SourceRecord apply(SourceRecord record) {
                SourceRecord copy = record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(),
                        record.key(), record.valueSchema(), record.value(), record.timestamp(), record.headers().duplicate());
                copy.headers().addString("seen", "yes");
                return copy;
            }

            @Override
            public org.apache.kafka.common.config.ConfigDef config() {
                return new org.apache.kafka.common.config.ConfigDef();
            }

            @Override
            public void close() {
            }

            @Override
            public void configure(Map<String, ?> configs) {
            }
        };
    }

    private static List<Transformation<SourceRecord>> chainWithAForeignStepAndAQuarantineRule() {
        List<Transformation<SourceRecord>> chain = new ArrayList<>(chain());
        Quality<SourceRecord> quarantine = new Quality<>();
        quarantine.configure(Map.of("rules", "email_valid:email(email):quarantine"));
        chain.add(3, headerAdder());
        chain.add(quarantine);
        return chain;
    }

    @Test
    void theChainGivesWhatConnectGivesApplyingEachTransformInTurn() {
        TransformChain<SourceRecord> fused = new TransformChain<>(chainWithAForeignStepAndAQuarantineRule());
        List<Transformation<SourceRecord>> oneByOne = chainWithAForeignStepAndAQuarantineRule();
        List<SourceRecord> stream = List.of(
                customers.insert(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00")),
                customers.insert(row(2, "test@example.com", "+44 0000", "test", "0.00")),
                customers.insert(row(3, "not an email", "+44 1", "active", "-1.00")),
                customers.update(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00"),
                        row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.delete(row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.tombstone(row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.truncate());

        int compared = 0;
        for (SourceRecord record : stream) {
            SourceRecord expected = govern(oneByOne, record);
            SourceRecord actual = fused.apply(record);
            if (expected == null) {
                assertThat(actual).as("dropped: %s", record).isNull();
                continue;
            }
            assertThat(actual.topic()).isEqualTo(expected.topic());
            assertThat(actual.keySchema()).isEqualTo(expected.keySchema());
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat(actual.valueSchema()).isEqualTo(expected.valueSchema());
            assertThat(actual.value()).isEqualTo(expected.value());
            assertThat(actual.headers()).isEqualTo(expected.headers());
            compared++;
        }
        assertThat(compared).isEqualTo(6); // all but the test customer
        SourceRecord quarantined = fused.apply(customers.insert(row(3, "not an email", "+44 1", "active", "-1.00")));
        assertThat(quarantined.headers().lastWithName(Quality.QUARANTINE_RULE_HEADER).value()).isEqualTo("email_valid");
        assertThat(quarantined.headers().lastWithName("seen").value()).isEqualTo("yes");
    }

    @Test
    void rowsRewrittenInPlaceByConsecutiveTransformsGiveWhatConnectGivesAndLeaveTheInputAlone() {
        // Partial, mask and hash in a row: partial keeps the schema and must copy the input's row; mask then
        // rewrites partial's row in place; hash changes the id column's type, so builds another.
        TransformChain<SourceRecord> fused = new TransformChain<>(partialMaskHash());
        List<Transformation<SourceRecord>> oneByOne = partialMaskHash();
        List<SourceRecord> stream = List.of(
                customers.insert(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00")),
                customers.update(row(1, "jane@example.com", "+44 1865 270000", "active", "10.00"),
                        row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")),
                customers.delete(row(1, "jane.roe@example.org", "+44 1865 270001", "active", "-5.00")));
        for (SourceRecord record : stream) {
            String before = record.value().toString();
            SourceRecord expected = govern(oneByOne, record);
            SourceRecord actual = fused.apply(record);
            assertThat(actual.valueSchema()).isEqualTo(expected.valueSchema());
            assertThat(actual.value()).isEqualTo(expected.value());
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat(record.value().toString()).as("the input record is never rewritten").isEqualTo(before);
            assertThat(actual.value().toString()).doesNotContain("jane.roe@", "1865 27000");
        }
    }

    @Test
    void aChangeNoTransformAltersComesOutAsTheSameRecord() {
        Filter<SourceRecord> filter = new Filter<>();
        filter.configure(Map.of("condition", "status = 'test'", "action", "drop"));
        TransformChain<SourceRecord> chain = new TransformChain<>(List.of(filter));
        SourceRecord insert = customers.insert(row(1, "a@example.com", "1", "active", "1"));

        assertThat(chain.apply(insert)).isSameAs(insert);
    }

    @Test
    void aFailingTransformIsNamedByItsPlaceInTheChain() {
        Mask<SourceRecord> maskTheKey = new Mask<>();
        maskTheKey.configure(Map.of("columns", "id"));
        List<Transformation<SourceRecord>> transforms = new ArrayList<>(chain().subList(2, 4));
        transforms.add(maskTheKey);
        TransformChain<SourceRecord> chain = new TransformChain<>(transforms);

        assertThatThrownBy(() -> chain.apply(customers.insert(row(1, "a@example.com", "1", "active", "1"))))
                .isInstanceOfSatisfying(TransformChain.StepFailedException.class,
                        failed -> assertThat(failed.step()).isEqualTo(2))
                .hasMessageContaining("'id'");
    }
}
