package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityTest {

    static final Schema ORDERS = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("born", Schema.OPTIONAL_STRING_SCHEMA)
            .field("shipped", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("address", MaskTest.ADDRESS)
            .build();

    private final Envelopes orders = new Envelopes("shop", "public", "orders", ORDERS);

    private Struct order(long id, String email, String amount, String status) {
        return orders.row(id, email, amount == null ? null : new BigDecimal(amount), status, null, null, null, null);
    }

    private Struct good() {
        return order(1, "alice@example.com", "12.50", "paid");
    }

    private static Quality<SourceRecord> quality(String... settings) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Quality<SourceRecord> quality = new Quality<>();
        quality.configure(config);
        return quality;
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : (String) header.value();
    }

    private static Struct after(SourceRecord record) {
        return ((Struct) record.value()).getStruct("after");
    }

    @Test
    void aChangeThatBreaksAQuarantineRuleIsKeptWithHeadersNamingRuleAndReason() {
        Quality<SourceRecord> quality = quality("rules", "email_valid:email(email):quarantine; amount_range:range(amount,0,10000)");
        SourceRecord bad = orders.insert(order(1, "alice-at-example.com", "20000", "paid"));

        SourceRecord checked = quality.apply(bad);

        assertThat(checked).isNotNull();
        assertThat(after(checked)).isEqualTo(after(bad));
        assertThat(header(checked, Quality.QUARANTINE_RULE_HEADER)).isEqualTo("email_valid,amount_range");
        assertThat(header(checked, Quality.QUARANTINE_REASON_HEADER))
                .isEqualTo("email is not an email address; amount is above the maximum 10000");
        assertThat(header(checked, Quality.QUARANTINE_REASON_HEADER)).doesNotContain("alice-at-example.com", "20000");
        assertThat(bad.headers().isEmpty()).as("input untouched").isTrue();
        assertThat(quality.quarantinedRecords()).isEqualTo(1);
    }

    @Test
    void aChangeThatBreaksNoRulePassesUnchanged() {
        SourceRecord fine = orders.insert(good());

        assertThat(quality("rules", "email_valid:email(email); known:allowed(status, new, paid):drop").apply(fine)).isSameAs(fine);
    }

    @Test
    void aDropRuleDropsAndCounts_butQuarantineWinsSoBadDataIsNotLost() {
        Quality<SourceRecord> quality = quality("rules", "known:allowed(status, new, paid):drop; email_valid:email(email)");

        SourceRecord unknownStatus = quality.apply(orders.insert(order(1, "alice@example.com", "1", "lost")));
        SourceRecord both = quality.apply(orders.insert(order(2, "nope", "1", "lost")));

        assertThat(unknownStatus).isNull();
        assertThat(quality.droppedRecords()).isEqualTo(1);
        assertThat(both).isNotNull();
        assertThat(header(both, Quality.QUARANTINE_RULE_HEADER)).isEqualTo("email_valid");
        assertThat(quality.quarantinedRecords()).isEqualTo(1);
    }

    @Test
    void tagRulesAddAnIssuesColumnToBothImages_eachTaggedOnItsOwnValues() {
        Quality<SourceRecord> quality = quality("rules", "email_valid:email(email):tag; amount_range:range(amount, 0, 100):tag");
        SourceRecord update = orders.update(order(1, "bad", "12", "paid"), order(1, "bad", "500", "paid"));

        Struct value = (Struct) quality.apply(update).value();
        Struct fine = after(quality.apply(orders.insert(good())));

        assertThat(value.getStruct("before").get("__quality_issues")).isEqualTo("email_valid");
        assertThat(value.getStruct("after").get("__quality_issues")).isEqualTo("email_valid,amount_range");
        assertThat(value.schema().field("after").schema().field("__quality_issues").schema())
                .isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(fine.get("__quality_issues")).isNull();
        assertThat(fine.schema()).as("one schema whether or not a row has issues").isEqualTo(value.getStruct("after").schema());
        assertThat(fine.get("email")).isEqualTo("alice@example.com");
    }

    @Test
    void deletesAreNeverHeldBack_butTheirOldRowIsTagged() {
        Quality<SourceRecord> quality = quality("rules", "known:allowed(status, paid):drop; email_valid:email(email); e2:email(email):tag");
        SourceRecord delete = orders.delete(order(1, "bad", "1", "lost"));

        SourceRecord checked = quality.apply(delete);

        assertThat(checked).isNotNull();
        assertThat(checked.headers().isEmpty()).isTrue();
        assertThat(((Struct) checked.value()).getStruct("before").get("__quality_issues")).isEqualTo("e2");
        assertThat(quality.droppedRecords()).isZero();
    }

    @ParameterizedTest(name = "{0} on {1}={2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "NULL", textBlock = """
            not_null(email)                 | email  | x@y.io         | pass
            not_null(email)                 | email  | NULL           | email is null
            not_null(nowhere)               | email  | x@y.io         | nowhere is absent
            email(nowhere)                  | email  | x@y.io         | pass
            email(email)                    | email  | first.last+tag@mail.example.co.uk | pass
            email(email)                    | email  | a@b            | email is not an email address
            email(email)                    | email  | a b@c.io       | email is not an email address
            email(email)                    | email  | NULL           | pass
            range(amount, 0, 100)           | amount | 100.00         | pass
            range(amount, 0, 100)           | amount | 100.01         | amount is above the maximum 100
            range(amount, 0, 100)           | amount | -0.01          | amount is below the minimum 0
            range(amount, 10, )             | amount | 99999          | pass
            range(amount, , -1)             | amount | 0              | amount is above the maximum -1
            range(amount, 0, 100)           | amount | NULL           | pass
            range(status, b, d)             | status | c              | pass
            range(status, b, d)             | status | e              | status is above the maximum d
            range(born, 1900-01-01, )       | born   | 1899-12-31     | born is below the minimum 1900-01-01
            regex(status, '[a-z]+')         | status | paid           | pass
            regex(status, '[a-z]+')         | status | Paid           | status does not match [a-z]+
            allowed(status, new, paid)      | status | paid           | pass
            allowed(status, new, paid)      | status | Paid           | status is not one of new, paid
            allowed(amount, 1, 2.5)         | amount | 2.50           | pass
            allowed(amount, 1, 2.5)         | amount | 3              | amount is not one of 1, 2.5
            max_length(status, 4)           | status | paid           | pass
            max_length(status, 4)           | status | zoë😀          | pass
            max_length(status, 4)           | status | shipped        | status is longer than 4 characters
            date(born)                      | born   | 2000-02-29     | pass
            date(born)                      | born   | 2001-02-29     | born is not an ISO date (yyyy-mm-dd)
            date(born)                      | born   | 29/02/2000     | born is not an ISO date (yyyy-mm-dd)
            """)
    void eachCheckJudgesOneColumn(String check, String column, String value, String outcome) {
        Struct row = order(1, null, null, null);
        row.put(column, column.equals("amount") && value != null ? new BigDecimal(value) : value);

        SourceRecord checked = quality("rules", "r:" + check).apply(orders.insert(row));

        assertThat(header(checked, Quality.QUARANTINE_REASON_HEADER)).isEqualTo(outcome.equals("pass") ? null : outcome);
    }

    @Test
    void dateAndMaxLengthSuitTypedColumns() {
        Quality<SourceRecord> quality = quality("rules", "d:date(shipped); m:max_length(photo, 2)");
        Struct row = orders.row(1L, null, null, null, null, (int) LocalDate.of(2024, 1, 31).toEpochDay(),
                new byte[] {1, 2, 3}, null);

        SourceRecord checked = quality.apply(orders.insert(row));

        assertThat(header(checked, Quality.QUARANTINE_REASON_HEADER)).isEqualTo("photo is longer than 2 bytes");
    }

    @Test
    void aRuleThatDoesNotSuitItsColumnFailsOnTheFirstChangeNamingRuleAndTable() {
        assertThatThrownBy(() -> quality("rules", "r:range(amount, zero, 10)").apply(orders.insert(good())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule 'r'")
                .hasMessageContaining("column 'amount'")
                .hasMessageContaining("'zero'")
                .hasMessageContaining("public.orders");
        assertThatThrownBy(() -> quality("rules", "e:email(shipped)").apply(orders.insert(good())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rule 'e': email checks text, but column 'shipped' is INT32 (io.debezium.time.Date)");
        assertThatThrownBy(() -> quality("rules", "a:allowed(address, x)").apply(orders.insert(good())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'address' is STRUCT");
    }

    @Test
    void settingsAreValidatedAtConfiguration() {
        assertThatThrownBy(() -> quality())
                .isInstanceOf(ConfigException.class).hasMessageContaining("rules");
        assertThatThrownBy(() -> quality("rules", "e:email(email):quarantine;amount_range:range(amount,0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules")
                .hasMessageContaining("at position 54: expected ',' or ')' after an argument but found the end of the rules");
        assertThatThrownBy(() -> quality("rules", "e:email(email)", "tag.column", ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tag.column");
    }

    @Test
    void aTagColumnOfTheWrongTypeIsRefused_andARenamedOneIsUsed() {
        assertThatThrownBy(() -> quality("rules", "e:email(email):tag", "tag.column", "amount").apply(orders.insert(good())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("column 'amount'")
                .hasMessageContaining("tag.column");

        Struct after = after(quality("rules", "e:email(email):tag", "tag.column", "dq_issues")
                .apply(orders.insert(order(1, "bad", "1", "new"))));

        assertThat(after.get("dq_issues")).isEqualTo("e");
    }

    @Test
    void aSecondQualityInTheChainAppendsToHeadersAndTags() {
        Quality<SourceRecord> first = quality("rules", "email_valid:email(email); e:email(email):tag");
        Quality<SourceRecord> second = quality("rules", "known:allowed(status, new):quarantine; k:allowed(status, new):tag");

        SourceRecord checked = second.apply(first.apply(orders.insert(order(1, "bad", "1", "paid"))));

        assertThat(header(checked, Quality.QUARANTINE_RULE_HEADER)).isEqualTo("email_valid,known");
        assertThat(header(checked, Quality.QUARANTINE_REASON_HEADER))
                .isEqualTo("email is not an email address; status is not one of new");
        assertThat(after(checked).get("__quality_issues")).isEqualTo("e,k");
    }

    @Test
    void tombstonesOtherTablesAndTwoSchemaVersions() {
        Quality<SourceRecord> quality = quality("rules", "e:email(email):tag", "tables", "public\\.orders");
        Schema v2 = SchemaBuilder.struct().name("shop.public.orders.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA)
                .field("phone", Schema.OPTIONAL_STRING_SCHEMA).build();
        Envelopes ordersV2 = new Envelopes("shop", "public", "orders", v2);
        Envelopes mysqlOrders = Envelopes.mysql("erp", "erp", "orders", ORDERS);
        SourceRecord tombstone = orders.tombstone(good());
        SourceRecord otherTable = mysqlOrders.insert(order(1, "bad", "1", "new"));

        Struct first = after(quality.apply(orders.insert(order(1, "bad", "1", "new"))));
        Struct second = after(quality.apply(ordersV2.insert(ordersV2.row(2L, "bad", "+44"))));

        assertThat(quality.apply(tombstone)).isSameAs(tombstone);
        assertThat(quality.apply(otherTable)).isSameAs(otherTable);
        assertThat(first.get("__quality_issues")).isEqualTo("e");
        assertThat(second.get("__quality_issues")).isEqualTo("e");
        assertThat(second.get("phone")).isEqualTo("+44");
        assertThat(second.schema().fields()).hasSize(4);
    }
}
