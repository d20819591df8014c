package io.sluice.engine.check;

import io.sluice.config.SourceConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a PostgreSQL source the way Sluice uses it: Debezium's PostgreSQL connector decoding with
 * pgoutput through the slot and the publication that {@code DebeziumProperties} names, with
 * {@code publication.autocreate.mode=filtered} unless the source's {@code debezium:} block says otherwise.
 * Only reads the catalogs, and opens one replication connection that runs {@code IDENTIFY_SYSTEM}: it
 * creates nothing on the source.
 */
final class PostgresSourceCheck {

    /** pgoutput, the decoding plugin Sluice uses, arrived in PostgreSQL 10. */
    private static final int PGOUTPUT_SINCE = 10;
    /** max_slot_wal_keep_size (a cap on the WAL a forgotten slot keeps) arrived in 13; 12 and older are past end of life. */
    private static final int CAPPED_SLOTS_SINCE = 13;
    /**
     * A value moves out of its row (TOAST) only when the row passes about 2 kB; a string column
     * bounded to this many characters or fewer practically never gets there, so it is not reported.
     */
    private static final int SHORT_STRING_CHARS = 500;
    /** Headroom suggested beyond what is in use, in fixes that raise a limit. */
    private static final int SPARE = 4;

    private enum Platform { SELF_MANAGED, RDS, CLOUD_SQL, AZURE }

    /** What the session knows about itself; names already quoted for SQL by the server. */
    private record Session(int versionNum, String version, String user, String database, String clientAddress,
            boolean superuser, Platform platform) {
        int major() {
            return versionNum / 10_000;
        }
    }

    private record Slot(String plugin, String type, String database, boolean active, Integer activePid,
            Long behindBytes, Long retainedBytes, String walStatus) {
    }

    /** A configured table as the catalog has it; {@code name} quoted for SQL. */
    private record Table(String configured, long oid, String kind, char replicaIdentity, String name, String schema,
            boolean schemaUsage, boolean select, boolean owned, String owner, String primaryKey) {
    }

    @FunctionalInterface
    private interface SqlCheck {
        void run() throws SQLException;
    }

    private final String pipeline;
    private final SourceConfig source;
    private final String configKey;
    private final long slotLagWarnBytes;
    private final Findings findings = new Findings();
    private Session session;
    /** This source's slot as pg_replication_slots has it; read on first use (null until then). */
    private Optional<Slot> slot;

    /**
     * @param configKey        where the source is in the pipeline file, e.g. {@code sources[0]}, for fixes
     *                         that change the file
     * @param slotLagWarnBytes a slot further behind the current WAL than this is a WARN
     */
    PostgresSourceCheck(String pipeline, SourceConfig source, String configKey, long slotLagWarnBytes) {
        this.pipeline = pipeline;
        this.source = source;
        this.configKey = configKey;
        this.slotLagWarnBytes = slotLagWarnBytes;
    }

    List<CheckResult> run() {
        try (Connection connection = connect(false)) {
            session = readSession(connection);
            findings.pass("connection", "connected to database " + source.database() + " as " + source.user());
            if (!version()) {
                return findings.results();
            }
            guard("wal_level", () -> walLevel(connection));
            guard("max_replication_slots", () -> replicationSlotsHeadroom(connection));
            guard("max_wal_senders", () -> walSendersHeadroom(connection));
            guard("replication role", () -> replicationRole(connection));
            replicationConnection();
            Map<String, Optional<Table>> lookedUp = new LinkedHashMap<>();
            for (String configured : source.tables()) {
                guard("table " + configured, () -> lookedUp.put(configured, lookUp(connection, configured)));
            }
            List<Table> tables = lookedUp.values().stream().flatMap(Optional::stream).toList();
            guard("publication", () -> publication(connection, tables));
            guard("replication slot", () -> replicationSlot(connection));
            lookedUp.forEach((configured, table) -> {
                if (table(configured, table)) {
                    guard("primary key " + configured, () -> primaryKey(connection, table.get()));
                }
            });
        } catch (SQLException e) {
            connectionFailed(e);
        }
        return findings.results();
    }

    // ---- connection and server ----

    private Connection connect(boolean replication) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        if (source.password() != null) {
            props.setProperty("password", source.password());
        }
        props.setProperty("ApplicationName", "sluice check");
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        if (replication) {
            // What Debezium's replication connection sends: a logical WAL sender bound to the database.
            props.setProperty("replication", "database");
            props.setProperty("preferQueryMode", "simple");
            props.setProperty("assumeMinServerVersion", "10");
        }
        String host = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
        String url = "jdbc:postgresql://" + host + ":" + source.port() + "/"
                + URLEncoder.encode(source.database(), StandardCharsets.UTF_8).replace("+", "%20");
        return DriverManager.getConnection(url, props);
    }

    private static Session readSession(Connection connection) throws SQLException {
        Set<String> platformRoles = new LinkedHashSet<>(Jdbc.all(connection,
                "SELECT rolname FROM pg_roles WHERE rolname IN ('rds_superuser', 'cloudsqlsuperuser', 'azure_pg_admin')",
                rs -> rs.getString(1)));
        Platform platform = platformRoles.contains("rds_superuser") ? Platform.RDS
                : platformRoles.contains("cloudsqlsuperuser") ? Platform.CLOUD_SQL
                : platformRoles.contains("azure_pg_admin") ? Platform.AZURE
                : Platform.SELF_MANAGED;
        return Jdbc.one(connection, "SELECT current_setting('server_version_num')::int, current_setting('server_version'),"
                        + " quote_ident(current_user), quote_ident(current_database()), host(inet_client_addr()),"
                        + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)",
                rs -> new Session(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), platform)).orElseThrow();
    }

    private void connectionFailed(SQLException e) {
        String reason = Jdbc.reason(e);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = source.host() + ":" + source.port();
        String fix;
        if (state.equals("28P01")) {
            fix = "give the password of " + source.user() + " in " + configKey + ".password, e.g. password: ${env:PG_PASSWORD}";
        } else if (reason.contains("pg_hba.conf")) {
            fix = hbaLine(clientAddressIn(reason));
        } else if (state.equals("3D000")) {
            fix = "name an existing database in " + configKey + ".database";
        } else if (reason.contains("role \"") && reason.contains("does not exist")) {
            fix = "CREATE ROLE " + quoteIdent(source.user()) + " WITH LOGIN REPLICATION PASSWORD '<password>';";
        } else if (state.startsWith("08")) {
            fix = "check " + configKey + ".host and .port; PostgreSQL must listen on " + where
                    + " (listen_addresses and port in postgresql.conf) and no firewall may block it";
        } else {
            fix = null;
        }
        findings.fail("connection", "cannot connect to " + where + "/" + source.database() + " as " + source.user()
                + ": " + reason, fix);
    }

    /** @return whether the server is new enough for the other checks to mean anything */
    private boolean version() {
        String detail = "PostgreSQL " + session.version();
        if (session.major() < PGOUTPUT_SINCE) {
            findings.fail("server version", detail + ": Sluice decodes with pgoutput, which needs PostgreSQL "
                    + PGOUTPUT_SINCE + " or later", "upgrade to PostgreSQL " + CAPPED_SLOTS_SINCE + " or later");
            return false;
        }
        if (session.major() < CAPPED_SLOTS_SINCE) {
            findings.warn("server version", detail + " is past its end of life, and cannot cap the WAL a slot"
                    + " keeps (max_slot_wal_keep_size needs " + CAPPED_SLOTS_SINCE + "): a stopped pipeline's slot can fill"
                    + " the disk", "upgrade to PostgreSQL " + CAPPED_SLOTS_SINCE + " or later");
            return true;
        }
        findings.pass("server version", detail);
        return true;
    }

    private void walLevel(Connection connection) throws SQLException {
        String level = setting(connection, "wal_level");
        if (level.equals("logical")) {
            findings.pass("wal_level", "wal_level is logical");
            return;
        }
        String fix = switch (session.platform()) {
            case RDS -> "rds.logical_replication = 1  # in the instance's DB parameter group (Aurora: the cluster"
                    + " parameter group), then reboot it";
            case CLOUD_SQL -> "cloudsql.logical_decoding = on  # database flag of the Cloud SQL instance, which then restarts";
            case AZURE -> "wal_level = logical  # server parameter of the Azure Database for PostgreSQL server, then restart it";
            case SELF_MANAGED -> "ALTER SYSTEM SET wal_level = logical;  -- as a superuser; then restart PostgreSQL";
        };
        findings.fail("wal_level", "wal_level is " + level + "; logical decoding needs logical", fix);
    }

    private void replicationSlotsHeadroom(Connection connection) throws SQLException {
        int max = Integer.parseInt(setting(connection, "max_replication_slots"));
        long used = Jdbc.one(connection, "SELECT count(*) FROM pg_replication_slots", rs -> rs.getLong(1)).orElseThrow();
        boolean ours = slot(connection).isPresent();
        headroom("max_replication_slots", "replication slots", max, used, ours ? 0 : 1,
                ours ? "including this source's slot " + slotName() : "this source needs 1 more");
    }

    private void walSendersHeadroom(Connection connection) throws SQLException {
        int max = Integer.parseInt(setting(connection, "max_wal_senders"));
        long used = Jdbc.one(connection, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'",
                rs -> rs.getLong(1)).orElseThrow();
        boolean streaming = slot(connection).map(Slot::active).orElse(false);
        headroom("max_wal_senders", "WAL senders", max, used, streaming ? 0 : 1,
                streaming ? "including the one streaming slot " + slotName() : "this source needs 1 more");
    }

    /** FAIL when the source cannot get what it needs, WARN when it takes the last one. */
    private void headroom(String setting, String what, int max, long used, int needed, String need) {
        long free = Math.max(0, max - used);
        String detail = used + " of " + max + " " + what + " in use; " + need;
        String fix = settingFix(setting, Long.toString(used + needed + SPARE));
        if (free < needed) {
            findings.fail(setting, detail + ", none is free", fix);
        } else if (needed > 0 && free == needed) {
            findings.warn(setting, detail + " and takes the last one: no room for another pipeline", fix);
        } else {
            findings.pass(setting, detail);
        }
    }

    private String settingFix(String name, String value) {
        return switch (session.platform()) {
            case RDS -> name + " = " + value + "  # in the instance's DB parameter group, then reboot it";
            case CLOUD_SQL -> name + " = " + value + "  # database flag of the Cloud SQL instance, which then restarts";
            case AZURE -> name + " = " + value + "  # server parameter of the Azure Database for PostgreSQL server, then restart it";
            case SELF_MANAGED -> "ALTER SYSTEM SET " + name + " = " + value + ";  -- as a superuser; then restart PostgreSQL";
        };
    }

    private void replicationRole(Connection connection) throws SQLException {
        record Role(boolean replication, boolean rdsRoleExists, boolean rdsMember) {
        }
        Role role = Jdbc.one(connection, "SELECT r.rolreplication,"
                        + " EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication'),"
                        + " EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication'"
                        + "         AND pg_has_role(r.oid, g.oid, 'MEMBER'))"
                        + " FROM pg_roles r WHERE r.rolname = current_user",
                rs -> new Role(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))).orElseThrow();
        String user = session.user();
        if (session.superuser()) {
            findings.pass("replication role", user + " is a superuser, which may replicate");
        } else if (role.replication()) {
            findings.pass("replication role", user + " has the REPLICATION attribute");
        } else if (role.rdsMember()) {
            findings.pass("replication role", user + " is a member of rds_replication");
        } else {
            findings.fail("replication role", user + " has no REPLICATION attribute: Debezium cannot create the slot"
                    + " or stream from it", replicationRoleFix(role.rdsRoleExists()));
        }
    }

    private String replicationRoleFix(boolean rds) {
        return rds ? "GRANT rds_replication TO " + session.user() + ";"
                : "ALTER ROLE " + session.user() + " WITH REPLICATION;";
    }

    /**
     * Opens the kind of connection Debezium streams over. pg_hba.conf matches a logical replication
     * connection by its database, like any other, but the server also demands the REPLICATION
     * attribute and a free WAL sender: trying says which of them is missing.
     */
    private void replicationConnection() {
        String name = "replication connection";
        try (Connection replication = connect(true);
             Statement statement = replication.createStatement();
             ResultSet rs = statement.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            findings.pass(name, "a replication connection to " + source.database() + " is accepted (IDENTIFY_SYSTEM:"
                    + " timeline " + rs.getString("timeline") + ", WAL at " + rs.getString("xlogpos") + ")");
        } catch (SQLException e) {
            String reason = Jdbc.reason(e);
            String fix;
            if (reason.contains("pg_hba.conf")) {
                fix = hbaLine(Optional.ofNullable(clientAddressIn(reason)).orElse(session.clientAddress()));
            } else if (reason.contains("replication role") || reason.contains("WAL sender")
                    || reason.contains("REPLICATION attribute")) {
                fix = replicationRoleFix(false);
            } else if (reason.contains("max_wal_senders")) {
                fix = settingFix("max_wal_senders", Integer.toString(1 + SPARE));
            } else {
                fix = null;
            }
            findings.fail(name, "the server refused a replication connection: " + reason, fix);
        }
    }

    private String hbaLine(String clientAddress) {
        String address = clientAddress == null ? "<sluice's address>/32"
                : clientAddress.contains(":") ? clientAddress + "/128" : clientAddress + "/32";
        return "host  " + source.database() + "  " + source.user() + "  " + address
                + "  scram-sha-256  # in pg_hba.conf, then SELECT pg_reload_conf();";
    }

    private static final Pattern HBA_HOST = Pattern.compile("host \"([^\"]+)\"");

    private static String clientAddressIn(String message) {
        Matcher m = HBA_HOST.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    // ---- tables ----

    /** The configured table as the catalog has it; empty when there is no relation of that name. */
    private Optional<Table> lookUp(Connection connection, String configured) throws SQLException {
        int dot = configured.indexOf('.');
        return Jdbc.one(connection, "SELECT c.oid, c.relkind, c.relreplident,"
                        + " quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(n.nspname),"
                        + " has_schema_privilege(n.oid, 'USAGE'), has_table_privilege(c.oid, 'SELECT'),"
                        + " pg_has_role(c.relowner, 'USAGE'), quote_ident(pg_get_userbyid(c.relowner)),"
                        + " (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(k.conkey, a.attnum))"
                        + "    FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)"
                        + "   WHERE k.conrelid = c.oid AND k.contype = 'p')"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
                rs -> new Table(configured, rs.getLong(1), rs.getString(2), rs.getString(3).charAt(0), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9),
                        rs.getString(10)),
                configured.substring(0, dot), configured.substring(dot + 1));
    }

    /** @return whether the table exists as a table, so that its key and replica identity can be checked */
    private boolean table(String configured, Optional<Table> found) {
        String name = "table " + configured;
        if (found.isEmpty()) {
            findings.fail(name, configured + " does not exist in database " + source.database(),
                    "create it, or remove " + configured + " from " + configKey + ".tables");
            return false;
        }
        Table table = found.get();
        if (!table.kind().equals("r") && !table.kind().equals("p")) {
            findings.fail(name, configured + " is a " + relationKind(table.kind()) + "; only tables can be captured",
                    "remove " + configured + " from " + configKey + ".tables");
            return false;
        }
        List<String> grants = new ArrayList<>();
        if (!table.schemaUsage()) {
            grants.add("GRANT USAGE ON SCHEMA " + table.schema() + " TO " + session.user() + ";");
        }
        if (!table.select()) {
            grants.add("GRANT SELECT ON " + table.name() + " TO " + session.user() + ";");
        }
        if (grants.isEmpty()) {
            findings.pass(name, "exists; " + session.user() + " may read it");
        } else {
            List<String> lacks = new ArrayList<>();
            if (!table.select()) {
                lacks.add("no SELECT");
            }
            if (!table.schemaUsage()) {
                lacks.add("no USAGE on schema " + table.schema());
            }
            findings.fail(name, session.user() + " may not read " + table.name() + " (" + String.join(", ", lacks)
                    + "): the snapshot would fail", String.join("\n", grants));
        }
        return true;
    }

    private static String relationKind(String relkind) {
        return switch (relkind) {
            case "v" -> "view";
            case "m" -> "materialized view";
            case "f" -> "foreign table";
            case "S" -> "sequence";
            default -> "relation of kind '" + relkind + "'";
        };
    }

    /**
     * Sluice keeps warehouse rows in step by key: a table without one stops the pipeline at its first
     * row, unless Debezium's {@code message.key.columns} gives it a key. And PostgreSQL itself refuses
     * UPDATE and DELETE on a published table without a replica identity.
     */
    private void primaryKey(Connection connection, Table table) throws SQLException {
        String name = "primary key " + table.configured();
        String replicaIdentity = replicaIdentity(table.replicaIdentity());
        boolean updatesFailOnSource = table.replicaIdentity() == 'n'
                || (table.replicaIdentity() == 'd' && table.primaryKey() == null);
        String sourceBreaks = "with REPLICA IDENTITY " + replicaIdentity + ", UPDATE and DELETE on it fail on the"
                + " source once the publication includes it";
        if (table.primaryKey() == null) {
            Optional<String> messageKey = MessageKeyColumns.of(source, table.configured());
            if (messageKey.isEmpty()) {
                findings.fail(name, table.name() + " has no primary key: Sluice keeps warehouse rows in step by key"
                        + " and sends this table's rows to quarantine" + (updatesFailOnSource ? "; and " + sourceBreaks : ""),
                        addPrimaryKey(connection, table));
                return;
            }
            findings.pass(name, "no primary key; keyed by message.key.columns (" + messageKey.get() + ")");
            if (updatesFailOnSource) {
                findings.fail("replica identity " + table.configured(), table.name() + " has no primary key; "
                        + sourceBreaks, "ALTER TABLE " + table.name() + " REPLICA IDENTITY FULL;");
                return;
            }
        } else {
            findings.pass(name, "primary key (" + table.primaryKey() + ")");
        }
        replicaIdentityCheck(connection, table, replicaIdentity, sourceBreaks);
    }

    private void replicaIdentityCheck(Connection connection, Table table, String replicaIdentity, String sourceBreaks)
            throws SQLException {
        String name = "replica identity " + table.configured();
        String full = "ALTER TABLE " + table.name() + " REPLICA IDENTITY FULL;";
        if (table.replicaIdentity() == 'n') {
            findings.fail(name, table.name() + " " + sourceBreaks, full);
            return;
        }
        if (table.replicaIdentity() == 'f') {
            findings.pass(name, "REPLICA IDENTITY FULL: updates carry every column");
            return;
        }
        List<String> toastable = toastableColumns(connection, table.oid());
        if (toastable.isEmpty()) {
            findings.pass(name, "REPLICA IDENTITY " + replicaIdentity + "; no TOASTable columns");
            return;
        }
        findings.warn(name, "REPLICA IDENTITY " + replicaIdentity + " and TOASTable columns " + String.join(", ", toastable)
                + ": an update that leaves a large (TOASTed) value unchanged sends the placeholder"
                + " __debezium_unavailable_value instead of the value: Sluice keeps the warehouse's value, but a"
                + " history table or a soft-deleted row then lacks it", full);
    }

    private static String replicaIdentity(char code) {
        return switch (code) {
            case 'd' -> "DEFAULT";
            case 'n' -> "NOTHING";
            case 'f' -> "FULL";
            case 'i' -> "USING INDEX";
            default -> String.valueOf(code);
        };
    }

    /** Variable-length columns that PostgreSQL may compress and move out of the row. */
    private static List<String> toastableColumns(Connection connection, long oid) throws SQLException {
        return Jdbc.all(connection, "SELECT quote_ident(a.attname) || ' (' || format_type(a.atttypid, a.atttypmod) || ')'"
                        + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
                        + " AND a.attlen = -1 AND a.attstorage IN ('x', 'e')"
                        + " AND NOT (t.typcategory = 'S' AND a.atttypmod > 0 AND a.atttypmod - 4 <= ?)"
                        + " ORDER BY a.attnum",
                rs -> rs.getString(1), oid, SHORT_STRING_CHARS);
    }

    /**
     * The columns of a unique index over NOT NULL columns make an exact primary key; without one, only
     * the user knows the key.
     */
    private String addPrimaryKey(Connection connection, Table table) throws SQLException {
        String keyColumns = session.major() >= 11 ? "i.indnkeyatts" : "i.indnatts"; // INCLUDE columns are no key
        Optional<String> columns = Jdbc.one(connection, "SELECT (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)"
                        + "   FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                        + "   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + "  WHERE k.ord <= " + keyColumns + ")"
                        + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                        + " WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indpred IS NULL"
                        + " AND i.indexprs IS NULL AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
                        + "   WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) AND NOT a.attnotnull)"
                        + " ORDER BY " + keyColumns + ", ci.relname LIMIT 1",
                rs -> rs.getString(1), table.oid());
        return "ALTER TABLE " + table.name() + " ADD PRIMARY KEY (" + columns.orElse("<key columns>") + ");";
    }

    // ---- publication and slot ----

    private String slotName() {
        return source.slotName(pipeline);
    }

    private Optional<Slot> slot(Connection connection) throws SQLException {
        if (slot == null) {
            String current = "CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END";
            slot = Jdbc.one(connection, "SELECT plugin, slot_type, database, active, active_pid,"
                            + " pg_wal_lsn_diff(" + current + ", confirmed_flush_lsn)::bigint,"
                            + " pg_wal_lsn_diff(" + current + ", restart_lsn)::bigint, "
                            + (session.major() >= CAPPED_SLOTS_SINCE ? "wal_status" : "NULL")
                            + " FROM pg_replication_slots WHERE slot_name = ?",
                    rs -> new Slot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            (Integer) rs.getObject(5), (Long) rs.getObject(6), (Long) rs.getObject(7), rs.getString(8)),
                    slotName());
        }
        return slot;
    }

    private void replicationSlot(Connection connection) throws SQLException {
        String name = "replication slot";
        String slotName = slotName();
        Optional<Slot> found = slot(connection);
        if (found.isEmpty()) {
            findings.pass(name, "slot " + slotName + " does not exist yet; Debezium creates it at the first start");
            return;
        }
        Slot s = found.get();
        String drop = "SELECT pg_drop_replication_slot('" + slotName + "');";
        if (!"logical".equals(s.type()) || !"pgoutput".equals(s.plugin()) || !source.database().equals(s.database())) {
            findings.fail(name, "slot " + slotName + " exists but is not what Sluice uses: "
                    + ("logical".equals(s.type()) ? "plugin " + s.plugin() + ", database " + s.database() : "a physical slot")
                    + " (Sluice needs a logical pgoutput slot in " + source.database() + ")",
                    drop + "  -- only if nothing else uses it; or name another in " + configKey + ".slot");
            return;
        }
        if ("lost".equals(s.walStatus())) {
            findings.fail(name, "slot " + slotName + " is invalidated (wal_status lost): the WAL it needed was removed,"
                    + " so Debezium cannot resume from it", drop + "  -- then run with snapshot: when_needed to copy the"
                    + " tables again");
            return;
        }
        String state = s.active() ? "active (WAL sender pid " + s.activePid() + ")" : "inactive";
        long behind = s.behindBytes() == null ? 0 : s.behindBytes();
        String lag = "confirmed position " + HumanBytes.of(behind) + " behind the current WAL; retains "
                + HumanBytes.of(s.retainedBytes() == null ? 0 : s.retainedBytes()) + " of WAL";
        if (behind > slotLagWarnBytes) {
            findings.warn(name, "slot " + slotName + " is " + state + "; " + lag + ", more than the "
                    + HumanBytes.of(slotLagWarnBytes) + " allowed", s.active() ? null
                    : "start the pipeline so the slot catches up, or if it is retired: " + drop);
        } else if ("unreserved".equals(s.walStatus())) {
            findings.warn(name, "slot " + slotName + " is " + state + "; " + lag + ", and close to max_slot_wal_keep_size"
                    + " (wal_status unreserved): it is about to be invalidated", "start the pipeline so the slot catches up");
        } else {
            findings.pass(name, "slot " + slotName + " is " + state + "; " + lag);
        }
    }

    /**
     * In filtered mode Debezium creates the publication for the captured tables, or sets its tables
     * when they differ: both need the tables' owner (or a superuser), and creating needs CREATE on the
     * database. A publication FOR ALL TABLES it refuses to use.
     */
    private void publication(Connection connection, List<Table> tables) throws SQLException {
        String name = "publication";
        String publication = source.publicationName(pipeline);
        String mode = source.debezium().getOrDefault("publication.autocreate.mode", "filtered");
        if (tables.isEmpty()) {
            findings.warn(name, "publication " + publication + " not checked: none of the configured tables exists", null);
            return;
        }
        record Publication(boolean allTables, boolean insert, boolean update, boolean delete, boolean owned,
                String owner) {
        }
        Optional<Publication> found = Jdbc.one(connection, "SELECT puballtables, pubinsert, pubupdate, pubdelete,"
                        + " pg_has_role(pubowner, 'USAGE'), quote_ident(pg_get_userbyid(pubowner))"
                        + " FROM pg_publication WHERE pubname = ?",
                rs -> new Publication(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6)),
                publication);
        String tableList = tables.stream().map(Table::name).collect(Collectors.joining(", "));
        List<String> notOwned = tables.stream().filter(t -> !t.owned()).map(t -> t.name() + " (owner " + t.owner() + ")")
                .toList();
        String owners = tables.stream().filter(t -> !t.owned()).map(Table::owner).distinct()
                .collect(Collectors.joining(" or "));
        if (found.isEmpty()) {
            if (mode.equals("all_tables")) {
                if (session.superuser()) {
                    findings.pass(name, "publication " + publication + " does not exist yet; Debezium creates it FOR ALL"
                            + " TABLES at the first start");
                } else {
                    findings.fail(name, "publication " + publication + " does not exist, and only a superuser may create"
                            + " it FOR ALL TABLES (publication.autocreate.mode=all_tables)",
                            "CREATE PUBLICATION " + publication + " FOR ALL TABLES;  -- as a superuser");
                }
                return;
            }
            String create = "CREATE PUBLICATION " + publication + " FOR TABLE " + tableList + ";  -- as "
                    + (owners.isEmpty() ? "the tables' owner" : owners) + " or a superuser";
            if (mode.equals("disabled")) {
                findings.fail(name, "publication " + publication + " does not exist, and"
                        + " publication.autocreate.mode=disabled: Debezium will not create it", create);
                return;
            }
            boolean mayCreateInDatabase = Jdbc.one(connection,
                    "SELECT has_database_privilege(current_database(), 'CREATE')", rs -> rs.getBoolean(1)).orElseThrow();
            if (mayCreateInDatabase && notOwned.isEmpty()) {
                findings.pass(name, "publication " + publication + " does not exist yet; Debezium creates it for the "
                        + tables.size() + " table(s) at the first start (" + session.user() + " has CREATE on the"
                        + " database and owns the tables)");
                return;
            }
            List<String> lacks = new ArrayList<>();
            if (!mayCreateInDatabase) {
                lacks.add("CREATE on database " + session.database());
            }
            if (!notOwned.isEmpty()) {
                lacks.add("ownership of " + String.join(", ", notOwned));
            }
            findings.fail(name, "publication " + publication + " does not exist, and " + session.user()
                    + " cannot create it: needs " + String.join(" and ", lacks), create);
            return;
        }
        Publication pub = found.get();
        if (!pub.insert() || !pub.update() || !pub.delete()) {
            findings.fail(name, "publication " + publication + " does not publish every change (insert "
                    + pub.insert() + ", update " + pub.update() + ", delete " + pub.delete() + ")",
                    "ALTER PUBLICATION " + publication + " SET (publish = 'insert, update, delete');  -- as its owner "
                            + pub.owner());
            return;
        }
        if (pub.allTables()) {
            if (mode.equals("filtered")) {
                findings.fail(name, "publication " + publication + " is FOR ALL TABLES; Debezium"
                        + " (publication.autocreate.mode=filtered) refuses to use it",
                        "DROP PUBLICATION " + publication + ";  -- Debezium then creates it for the configured tables");
            } else {
                findings.pass(name, "publication " + publication + " exists FOR ALL TABLES");
            }
            return;
        }
        Set<String> published = new LinkedHashSet<>(Jdbc.all(connection,
                "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_publication_tables"
                        + " WHERE pubname = ?", rs -> rs.getString(1), publication));
        Set<String> wanted = tables.stream().map(Table::name).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = wanted.stream().filter(t -> !published.contains(t)).toList();
        List<String> extra = published.stream().filter(t -> !wanted.contains(t)).toList();
        if (missing.isEmpty() && (extra.isEmpty() || !mode.equals("filtered"))) {
            findings.pass(name, "publication " + publication + " exists and covers the " + wanted.size() + " table(s)");
            return;
        }
        String difference = (missing.isEmpty() ? "" : "lacks " + String.join(", ", missing))
                + (missing.isEmpty() || extra.isEmpty() ? "" : " and ")
                + (extra.isEmpty() ? "" : "also has " + String.join(", ", extra));
        if (!mode.equals("filtered")) {
            findings.fail(name, "publication " + publication + " " + difference + ", and publication.autocreate.mode="
                    + mode + " leaves it as it is: their changes would never arrive",
                    "ALTER PUBLICATION " + publication + " ADD TABLE " + String.join(", ", missing) + ";  -- as its owner "
                            + pub.owner());
            return;
        }
        if (pub.owned() && notOwned.isEmpty()) {
            findings.pass(name, "publication " + publication + " " + difference + "; Debezium sets its tables at the"
                    + " first start");
            return;
        }
        findings.fail(name, "publication " + publication + " " + difference + ", and " + session.user()
                        + " cannot change it (Debezium would run ALTER PUBLICATION ... SET TABLE): needs to own "
                        + (pub.owned() ? "" : "the publication (owner " + pub.owner() + ")" + (notOwned.isEmpty() ? "" : " and "))
                        + (notOwned.isEmpty() ? "" : String.join(", ", notOwned)),
                "ALTER PUBLICATION " + publication + " SET TABLE " + tableList + ";  -- as its owner " + pub.owner()
                        + " or a superuser");
    }

    // ---- helpers ----

    private static String setting(Connection connection, String name) throws SQLException {
        return Jdbc.one(connection, "SELECT current_setting(?)", rs -> rs.getString(1), name).orElseThrow();
    }

    /** Runs one check; a query that fails is that check's FAIL, and the others still run. */
    private void guard(String name, SqlCheck check) {
        try {
            check.run();
        } catch (SQLException e) {
            findings.fail(name, "could not check: " + Jdbc.reason(e), null);
        }
    }

    /** For fixes written before a session exists: PostgreSQL's rules for a name that needs no quotes. */
    private static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
