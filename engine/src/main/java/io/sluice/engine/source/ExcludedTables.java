package io.sluice.engine.source;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** The source's {@code exclude-tables}: records of tables whose "schema.table" matches are not captured. */
final class ExcludedTables {

    private ExcludedTables() {
    }

    static Predicate<SourceRecord> of(List<String> patterns) {
        if (patterns.isEmpty()) {
            return record -> false;
        }
        Pattern excluded = Pattern.compile(String.join("|", patterns.stream().map(p -> "(?:" + p + ")").toList()));
        return record -> {
            if (!(record.value() instanceof Struct envelope) || envelope.schema().field("source") == null) {
                return false;
            }
            Struct source = envelope.getStruct("source");
            if (source == null || source.schema().field("table") == null || source.get("table") == null) {
                return false;
            }
            Object schema = source.schema().field("schema") != null ? source.get("schema")
                    : source.schema().field("db") != null ? source.get("db") : null;
            return excluded.matcher(schema + "." + source.getString("table")).matches();
        };
    }
}
