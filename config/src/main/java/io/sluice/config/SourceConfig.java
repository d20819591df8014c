package io.sluice.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One database to capture from.
 *
 * @param name        unique within the pipeline; part of slot names and offset keys
 * @param type        which database
 * @param host        host name or address
 * @param port        1..65535
 * @param user        database user
 * @param password    the user's password, or null when the server needs none
 * @param database    database to connect to; null for MariaDB/MySQL when not given
 * @param tables      tables to capture, "schema.table" (PostgreSQL) or "database.table" (MariaDB/MySQL)
 * @param snapshot    what to read before streaming
 * @param slot        replication slot named in the file, or null for the default ({@link #slotName})
 * @param publication publication named in the file, or null for the default ({@link #publicationName})
 * @param debezium    extra Debezium connector properties, passed through as written, in file order
 * @param rules       per-table settings: keys for tables without one, history tables, column filters
 * @param heartbeat   keeps the source's position moving while the captured tables are quiet
 */
public record SourceConfig(
        String name,
        SourceType type,
        String host,
        int port,
        String user,
        String password,
        String database,
        List<String> tables,
        SnapshotMode snapshot,
        String slot,
        String publication,
        Map<String, String> debezium,
        TableRules rules,
        Heartbeat heartbeat) {

    /** PostgreSQL truncates identifiers longer than this, so longer slot names would collide. */
    public static final int MAX_POSTGRES_NAME_LENGTH = 63;

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(snapshot, "snapshot");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        tables = List.copyOf(tables);
        // Map.copyOf would lose the file's order, which keeps generated properties readable.
        debezium = Collections.unmodifiableMap(new LinkedHashMap<>(debezium));
        rules = rules == null ? TableRules.NONE : rules;
        heartbeat = heartbeat == null ? Heartbeat.NONE : heartbeat;
    }

    /** A source with no per-table rules and no heartbeat. */
    public SourceConfig(String name, SourceType type, String host, int port, String user, String password,
                        String database, List<String> tables, SnapshotMode snapshot, String slot, String publication,
                        Map<String, String> debezium) {
        this(name, type, host, port, user, password, database, tables, snapshot, slot, publication, debezium,
                TableRules.NONE, Heartbeat.NONE);
    }

    /** The replication slot: the one named in the file, else {@code sluice_<pipeline>_<source>}. */
    public String slotName(String pipeline) {
        requirePostgres("slot");
        return slot != null ? slot : defaultReplicationName(pipeline, name);
    }

    /** The publication: the one named in the file, else {@code sluice_<pipeline>_<source>}. */
    public String publicationName(String pipeline) {
        requirePostgres("publication");
        return publication != null ? publication : defaultReplicationName(pipeline, name);
    }

    /**
     * {@code sluice_<pipeline>_<source>} with '-' turned into '_': PostgreSQL slot names allow only
     * lower-case letters, digits and '_', and pipeline and source names are already lower case.
     */
    public static String defaultReplicationName(String pipeline, String source) {
        return ("sluice_" + pipeline + "_" + source).replace('-', '_');
    }

    private void requirePostgres(String what) {
        if (type != SourceType.POSTGRES) {
            throw new IllegalStateException("source '" + name + "' is " + type + "; a " + what
                    + " exists only for postgres sources");
        }
    }

    /** Masks the password and shows only the keys of the Debezium passthrough, which may hold secrets. */
    @Override
    public String toString() {
        return "SourceConfig[name=" + name + ", type=" + type + ", host=" + host + ", port=" + port
                + ", user=" + user + ", password=" + Redaction.mask(password) + ", database=" + database
                + ", tables=" + tables + ", snapshot=" + snapshot + ", slot=" + slot
                + ", publication=" + publication + ", rules=" + rules + ", heartbeat=" + heartbeat
                + ", debezium keys=" + debezium.keySet() + "]";
    }
}
