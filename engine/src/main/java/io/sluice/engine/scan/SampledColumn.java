package io.sluice.engine.scan;

import java.util.List;

/**
 * A column and the values a sample read from it.
 *
 * @param name   as the source names it
 * @param type   the database's name for its type, for messages
 * @param text   free text, which Partial can mask; false for numbers, dates and structured types
 * @param key    part of the primary key or of the key the pipeline file gives the table
 * @param values the sampled values as text, trimmed, without nulls and blanks
 */
record SampledColumn(String name, String type, boolean text, boolean key, List<String> values) {

    SampledColumn {
        values = List.copyOf(values);
    }
}
