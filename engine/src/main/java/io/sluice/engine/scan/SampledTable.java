package io.sluice.engine.scan;

import java.util.List;

/**
 * What a scan read from one table.
 *
 * @param source   the pipeline's source
 * @param table    as the pipeline file names it
 * @param rows     rows read
 * @param sampling how: {@code LIMIT} (the first rows the database returns) or
 *                 {@code TABLESAMPLE SYSTEM (p)} (rows of randomly chosen pages)
 * @param columns  the columns the scan looked at, in table order
 */
record SampledTable(String source, String table, int rows, String sampling, List<SampledColumn> columns) {
}
