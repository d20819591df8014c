package io.sluice.connector.writer;

import io.sluice.connector.type.Column;
import java.util.List;

/** A warehouse table as the writer writes it: its name, the columns of the rows, and the key. */
public record WarehouseTable(TableName name, List<Column> columns, List<Column> key) {
}
