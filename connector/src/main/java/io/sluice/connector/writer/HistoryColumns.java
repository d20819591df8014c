package io.sluice.connector.writer;

import io.sluice.connector.type.Column;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The columns a history table adds to a row (a type-2 slowly changing dimension): when each version was
 * valid, whether it is the current one, and the change that made it.
 * {@code WHERE t >= __valid_from AND (t < __valid_to OR __valid_to IS NULL)} gives the state at time t.
 */
final class HistoryColumns {

    private static final Schema INSTANT = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build();

    static final Column OP = Column.of("__op", Schema.OPTIONAL_STRING_SCHEMA);
    static final Column POSITION = Column.of("__position", Schema.STRING_SCHEMA);
    static final Column VALID_FROM = Column.of("__valid_from", INSTANT);
    static final Column VALID_TO = Column.of("__valid_to", INSTANT);
    static final Column CURRENT = Column.of("__current", Schema.OPTIONAL_BOOLEAN_SCHEMA);

    /** In the order they follow the row's columns. */
    static final List<Column> ALL = List.of(OP, POSITION, VALID_FROM, VALID_TO, CURRENT);

    private HistoryColumns() {
    }
}
