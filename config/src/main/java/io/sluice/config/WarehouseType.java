package io.sluice.config;

/** The database the pipeline writes into; written in the pipeline file in lower case. */
public enum WarehouseType {
    DUCKDB,
    POSTGRES,
    MARIADB
}
