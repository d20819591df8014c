package io.sluice.connector.transforms;

import io.sluice.connector.transforms.quality.BoundRules;
import io.sluice.connector.transforms.quality.QualityRule;
import io.sluice.connector.transforms.quality.RuleParser;
import io.sluice.connector.transforms.quality.RuleSyntaxException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks data-quality rules on row changes and quarantines, drops or tags the changes that break them.
 *
 * <p>The {@code rules} setting is one string, usable as it is in Connect properties and in YAML (one
 * rule per line in a block scalar, or {@code ;} between rules):
 *
 * <pre>
 * rules=email_valid:email(email):quarantine; amount_range:range(amount, 0, 10000):tag;
 *       status_known:allowed(status, new, paid, shipped):drop; sku_format:regex(sku, '[A-Z]{3}-\d+')
 * </pre>
 *
 * Each rule is {@code name:check(column, arguments…):action}:
 * <ul>
 *   <li>{@code not_null(c)} — not null; {@code range(c, min, max)} — inclusive, either bound may be
 *       empty, for numbers, text, dates and times ({@code range(born, 1900-01-01, )});
 *       {@code regex(c, 'pattern')} — the whole text matches; {@code allowed(c, v1, v2, …)} — one of
 *       the values, compared as the column's values ({@code allowed(code, 1, 2)} on a number column);
 *       {@code max_length(c, n)} — characters of text or bytes; {@code email(c)} — shaped like an
 *       address; {@code date(c)} — text that is an ISO date;</li>
 *   <li>arguments are bare text up to the next {@code ,} or {@code )}, or {@code 'quoted'} with
 *       {@code ''} for a quote (quote regular expressions); a column may be {@code "double quoted"};</li>
 *   <li>the action is {@code quarantine} (the default), {@code drop} or {@code tag}.</li>
 * </ul>
 * Every check but {@code not_null} passes a null; a column a table lacks reads as null (warned once per
 * table version). A rule whose arguments do not suit its column's type (text bounds for a number
 * column, say) is a configuration error raised on the first change of that table.
 *
 * <p>What happens to a change:
 * <ul>
 *   <li>quarantine and drop rules judge the row a change writes, {@code after}. Deletes are never held
 *       back: they write no values, and holding one back would leave in the warehouse a row the source
 *       no longer has;</li>
 *   <li>{@code quarantine}: the change is kept, with the Connect headers {@value #QUARANTINE_RULE_HEADER}
 *       (the broken rules' names, comma-separated) and {@value #QUARANTINE_REASON_HEADER} (why, per rule,
 *       {@code ; }-separated, never the value itself); the writer routes such changes to the quarantine
 *       table. Quarantine wins over drop: bad data is never lost;</li>
 *   <li>{@code drop}: the change is dropped and counted ({@link #droppedRecords()});</li>
 *   <li>{@code tag}: the row gets an optional string column, {@code __quality_issues} by default, holding
 *       the names of the tag rules it breaks, comma-separated, or null; each row image is tagged on its
 *       own values. The column is added whenever a tag rule exists, so a table's schema does not flap.</li>
 * </ul>
 * Headers and the tag column already set by an earlier Quality in the chain are appended to.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Quality<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Check data-quality rules (not_null, range, regex, allowed, max_length,"
            + " email, date) on Debezium row changes; quarantine (headers for the writer), drop, or tag (an issues"
            + " column) the changes that break them.";

    public static final String RULES_CONFIG = "rules";
    public static final String TAG_COLUMN_CONFIG = "tag.column";
    public static final String DEFAULT_TAG_COLUMN = "__quality_issues";

    /** Header naming the quarantine rules a change broke, comma-separated. */
    public static final String QUARANTINE_RULE_HEADER = "sluice.quarantine.rule";
    /** Header saying why, per broken rule, {@code ; }-separated. */
    public static final String QUARANTINE_REASON_HEADER = "sluice.quarantine.reason";

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(RULES_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.LambdaValidator.with(Quality::validateRules, () -> "name:check(column, args):action; …"),
                    ConfigDef.Importance.HIGH, "Rules separated by ';' or line breaks, each"
                            + " name:check(column, arguments):action, e.g. email_valid:email(email):quarantine;"
                            + " amount_range:range(amount, 0, 10000):tag. Checks: not_null, range, regex, allowed,"
                            + " max_length, email, date. Actions: quarantine (default), drop, tag.")
            .define(TAG_COLUMN_CONFIG, ConfigDef.Type.STRING, DEFAULT_TAG_COLUMN, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.LOW, "The optional string column that tag rules add to the row: the names"
                            + " of the broken tag rules, comma-separated, or null.");

    private static final Logger LOG = LoggerFactory.getLogger(Quality.class);

    private final LongAdder dropped = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private List<QualityRule> rules;
    private String tagColumn;

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        rules = RuleParser.parse(config.getString(RULES_CONFIG));
        tagColumn = config.getString(TAG_COLUMN_CONFIG);
    }

    private static void validateRules(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "give at least one rule, e.g. email_valid:email(email):quarantine");
        }
        try {
            RuleParser.parse(value.toString());
        } catch (RuleSyntaxException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    protected boolean applyToChange(RowChange<R> change) {
        QualityPlan plan = (QualityPlan) planFor(change);
        Struct written = change.isDelete() ? null : change.after();
        BoundRules.Verdict verdict = written == null ? null : plan.rules.judge(written);
        if (verdict != null && verdict.quarantineRules() == null) {
            dropped.increment();
            return false;
        }
        rewriteRows(change, plan);
        if (verdict == null) {
            return true;
        }
        quarantined.increment();
        R record = change.record();
        Headers headers = record.headers().duplicate();
        append(headers, QUARANTINE_RULE_HEADER, verdict.quarantineRules(), ",");
        append(headers, QUARANTINE_REASON_HEADER, verdict.quarantineReasons(), "; ");
        change.setRecord(record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.timestamp(), headers));
        return true;
    }

    private static void append(Headers headers, String name, String value, String separator) {
        Header earlier = headers.lastWithName(name);
        String combined = earlier == null || earlier.value() == null ? value : earlier.value() + separator + value;
        headers.remove(name).addString(name, combined);
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        BoundRules bound;
        try {
            bound = BoundRules.bind(rules, rowSchema);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RULES_CONFIG + ": " + e.getMessage() + " (table " + Envelope.tableName(envelope) + ")");
        }
        if (!bound.missingColumns().isEmpty()) {
            LOG.warn("Quality rules name columns that {} does not have: {}; they read as null",
                    Envelope.tableName(envelope), bound.missingColumns());
        }
        if (!bound.tags()) {
            return new QualityPlan(rowSchema, rowSchema, bound, null);
        }
        Field existing = rowSchema.field(tagColumn);
        if (existing != null) {
            if (!existing.schema().equals(Schema.OPTIONAL_STRING_SCHEMA)) {
                throw new ConfigException(TAG_COLUMN_CONFIG, tagColumn, "column '" + tagColumn + "' of "
                        + Envelope.tableName(envelope) + " is " + describe(existing.schema()) + ", not an optional string;"
                        + " choose another tag.column");
            }
            return new QualityPlan(rowSchema, rowSchema, bound, existing);
        }
        SchemaBuilder builder = rowSchemaLike(rowSchema);
        for (Field field : rowSchema.fields()) {
            builder.field(field.name(), field.schema());
        }
        Schema tagged = builder.field(tagColumn, Schema.OPTIONAL_STRING_SCHEMA).build();
        return new QualityPlan(rowSchema, tagged, bound, tagged.field(tagColumn));
    }

    /** Changes dropped by a drop rule since this transform started. */
    public long droppedRecords() {
        return dropped.sum();
    }

    /** Changes marked for the quarantine table since this transform started. */
    public long quarantinedRecords() {
        return quarantined.sum();
    }

    @Override
    public String toString() {
        return "Quality" + rules;
    }

    private static final class QualityPlan extends CopyingPlan {

        private final BoundRules rules;
        /** Null when no rule tags. */
        private final Field tagField;

        QualityPlan(Schema input, Schema schema, BoundRules rules, Field tagField) {
            super(input, schema, tagOnly(schema, tagField));
            this.rules = rules;
            this.tagField = tagField;
        }

        /** Only the tag column is worked out per row; none when no rule tags (the plan keeps rows as they are). */
        private static boolean[] tagOnly(Schema schema, Field tagField) {
            boolean[] changes = new boolean[schema.fields().size()];
            if (tagField != null) {
                changes[tagField.index()] = true;
            }
            return changes;
        }

        @Override
        public Struct apply(Struct row, Object[] change, boolean owned) {
            return tagField == null ? row : super.apply(row, change, owned);
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            // The input's value of the tag column is the tags an earlier quality transform gave the row.
            return column == tagField.index() ? tags(row, (String) input) : input;
        }

        private String tags(Struct row, String previous) {
            String issues = rules.tagIssues(row);
            return previous == null ? issues : issues == null ? previous : previous + "," + issues;
        }
    }
}
