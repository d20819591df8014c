package io.sluice.config;

import java.util.Locale;

/** The column types an event-fed table may declare; written in the pipeline file in lower case. */
public enum EventColumnType {
    SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC, BOOLEAN, TEXT, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSON;

    /** As written in the pipeline file. */
    public String written() {
        return name().toLowerCase(Locale.ROOT);
    }
}
