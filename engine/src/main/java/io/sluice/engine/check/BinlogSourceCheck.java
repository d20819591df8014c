package io.sluice.engine.check;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a MariaDB or MySQL source the way Debezium's MariaDB and MySQL connectors read it: as a
 * replica of its row-based binary log, after a snapshot that needs SELECT, RELOAD and SHOW DATABASES.
 * Connects over JDBC only and changes nothing.
 *
 * <p>Binlog retention: 0 (never purged) passes, since nothing Sluice needs is ever removed, though the
 * disk then needs watching; below one day is a WARN, because a pipeline stopped over a weekend could
 * not resume and would have to copy its tables again.
 */
final class BinlogSourceCheck {

    private static final long ONE_DAY = 86_400;
    private static final long SUGGESTED_RETENTION = 7 * ONE_DAY;
    private static final String MY_CNF = "  # in my.cnf under [mysqld]";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);

    private enum Flavor { MARIADB, MYSQL }

    private record Session(String version, Flavor flavor, int major, int minor, int patch, String account) {
        boolean atLeast(int maj, int min, int pat) {
            return major != maj ? major > maj : minor != min ? minor > min : patch >= pat;
        }

        String product() {
            return flavor == Flavor.MARIADB ? "MariaDB" : "MySQL";
        }
    }

    @FunctionalInterface
    private interface SqlCheck {
        void run() throws SQLException;
    }

    private final SourceConfig source;
    private final String configKey;
    private final Findings findings = new Findings();
    private Session session;

    /** @param configKey where the source is in the pipeline file, e.g. {@code sources[1]} */
    BinlogSourceCheck(SourceConfig source, String configKey) {
        this.source = source;
        this.configKey = configKey;
    }

    List<CheckResult> run() {
        try (Connection connection = connect()) {
            session = readSession(connection);
            findings.pass("connection", "connected as " + session.account());
            version();
            Map<String, String> variables = variables(connection);
            logBin(variables);
            binlogFormat(variables);
            binlogRowImage(variables);
            serverId(variables);
            retention(variables);
            gtid(variables);
            guard("grants", () -> grants(connection));
            for (String table : source.tables()) {
                guard("table " + table, () -> table(connection, table));
            }
        } catch (SQLException e) {
            if (session == null) {
                connectionFailed(e);
            } else {
                findings.fail("server variables", "could not read them: " + Jdbc.reason(e), null);
            }
        }
        return findings.results();
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        if (source.password() != null) {
            props.setProperty("password", source.password());
        }
        props.setProperty("connectTimeout", "10000");
        props.setProperty("socketTimeout", "60000");
        String host = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + source.port() + "/", props);
    }

    private static Session readSession(Connection connection) throws SQLException {
        return Jdbc.one(connection, "SELECT VERSION(), CURRENT_USER()", rs -> {
            String version = rs.getString(1);
            Matcher m = VERSION.matcher(version);
            boolean parsed = m.find();
            return new Session(version, version.contains("MariaDB") ? Flavor.MARIADB : Flavor.MYSQL,
                    parsed ? Integer.parseInt(m.group(1)) : 0, parsed ? Integer.parseInt(m.group(2)) : 0,
                    parsed ? Integer.parseInt(m.group(3)) : 0, account(rs.getString(2)));
        }).orElseThrow();
    }

    /** {@code sluice@%} as CURRENT_USER() gives it, written as GRANT wants it: {@code 'sluice'@'%'}. */
    private static String account(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        String user = at < 0 ? currentUser : currentUser.substring(0, at);
        String host = at < 0 ? "%" : currentUser.substring(at + 1);
        return quote(user) + "@" + quote(host);
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String quoteName(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private void connectionFailed(SQLException e) {
        String reason = Jdbc.reason(e);
        String where = source.host() + ":" + source.port();
        String fix = switch (e.getErrorCode()) {
            case 1045 -> "check " + configKey + ".user and .password; the account must exist for the host Sluice"
                    + " connects from";
            case 1130 -> "CREATE USER " + quote(source.user()) + "@'<sluice host>' IDENTIFIED BY '<password>';";
            case 1049 -> "name an existing database in " + configKey + ".database, or leave it out";
            default -> e.getSQLState() != null && e.getSQLState().startsWith("08")
                    ? "check " + configKey + ".host and .port; the server must listen on " + where
                            + " (bind-address and port in my.cnf) and no firewall may block it"
                    : null;
        };
        findings.fail("connection", "cannot connect to " + where + " as " + source.user() + ": " + reason, fix);
    }

    private void version() {
        String detail = session.product() + " " + session.version();
        Flavor configured = source.type() == SourceType.MARIADB ? Flavor.MARIADB : Flavor.MYSQL;
        if (configured != session.flavor()) {
            String type = session.flavor().name().toLowerCase(Locale.ROOT);
            findings.fail("server version", "the server is " + detail + ", but the source says type: "
                    + source.type().name().toLowerCase(Locale.ROOT) + ", which picks Debezium's "
                    + (configured == Flavor.MARIADB ? "MariaDB" : "MySQL") + " connector",
                    "type: " + type + "  # in " + configKey + " of the pipeline file");
        } else if (session.flavor() == Flavor.MARIADB && !session.atLeast(10, 6, 0)) {
            findings.warn("server version", detail + " is past its end of life",
                    "upgrade to MariaDB 10.11 or 11.4 (long-term releases)");
        } else if (session.flavor() == Flavor.MYSQL && session.major() < 8) {
            findings.warn("server version", detail + " is past its end of life; Debezium 3.5 is tested with MySQL 8.0"
                    + " and later", "upgrade to MySQL 8.0 or 8.4");
        } else {
            findings.pass("server version", detail);
        }
    }

    private static Map<String, String> variables(Connection connection) throws SQLException {
        Map<String, String> values = new HashMap<>();
        for (List<String> row : Jdbc.all(connection, "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin',"
                        + " 'binlog_format', 'binlog_row_image', 'server_id', 'binlog_expire_logs_seconds',"
                        + " 'expire_logs_days', 'gtid_strict_mode', 'gtid_binlog_pos', 'gtid_mode',"
                        + " 'enforce_gtid_consistency')",
                rs -> List.of(rs.getString(1).toLowerCase(Locale.ROOT), String.valueOf(rs.getString(2))))) {
            values.put(row.get(0), row.get(1));
        }
        return values;
    }

    private void logBin(Map<String, String> variables) {
        String logBin = variables.getOrDefault("log_bin", "OFF");
        if (logBin.equalsIgnoreCase("ON")) {
            findings.pass("log_bin", "the binary log is on");
            return;
        }
        findings.fail("log_bin", "log_bin is " + logBin + ": there is no binary log to read changes from",
                "log_bin = binlog" + MY_CNF + (session.flavor() == Flavor.MYSQL ? " (and remove skip-log-bin or"
                        + " disable-log-bin)" : "") + ", then restart the server");
    }

    private void binlogFormat(Map<String, String> variables) {
        String format = variables.getOrDefault("binlog_format", "");
        if (format.equalsIgnoreCase("ROW")) {
            findings.pass("binlog_format", "binlog_format is ROW");
        } else {
            findings.fail("binlog_format", "binlog_format is " + format + "; Debezium reads only row events (ROW)",
                    dynamicSetting("binlog_format", "'ROW'", "ROW", true));
        }
    }

    private void binlogRowImage(Map<String, String> variables) {
        String image = variables.getOrDefault("binlog_row_image", "");
        if (image.equalsIgnoreCase("FULL")) {
            findings.pass("binlog_row_image", "binlog_row_image is FULL");
        } else {
            findings.fail("binlog_row_image", "binlog_row_image is " + image
                            + "; Debezium needs every column of every changed row (FULL)",
                    dynamicSetting("binlog_row_image", "'FULL'", "FULL", true));
        }
    }

    private void serverId(Map<String, String> variables) {
        String serverId = variables.getOrDefault("server_id", "0");
        String debeziumId = source.debezium().get("database.server.id");
        if (serverId.equals("0")) {
            findings.fail("server_id", "server_id is 0: the server refuses replicas, and Debezium reads the binary log"
                    + " as one", dynamicSetting("server_id", "1", "1", false));
        } else if (serverId.equals(debeziumId)) {
            findings.fail("server_id", "server_id is " + serverId + ", the same as Debezium's database.server.id:"
                    + " the server would take Debezium's connection for itself",
                    "database.server.id: " + (Long.parseLong(serverId) + 5400) + "  # in " + configKey + ".debezium");
        } else {
            findings.pass("server_id", "server_id is " + serverId);
        }
    }

    private void retention(Map<String, String> variables) {
        long seconds = parseLong(variables.get("binlog_expire_logs_seconds"));
        double days = parseDouble(variables.get("expire_logs_days"));
        long effective = seconds > 0 ? seconds : (long) (days * ONE_DAY);
        String setting = seconds > 0 || variables.containsKey("binlog_expire_logs_seconds")
                ? "binlog_expire_logs_seconds=" + seconds : "expire_logs_days=" + variables.get("expire_logs_days");
        if (effective <= 0) {
            findings.pass("binlog retention", "binary logs are never purged automatically (" + setting
                    + "): nothing Sluice needs is removed, but watch the disk");
        } else if (effective < ONE_DAY) {
            boolean hasSeconds = variables.containsKey("binlog_expire_logs_seconds");
            findings.warn("binlog retention", "binary logs are kept " + duration(effective) + " (" + setting
                            + "): a pipeline stopped longer than that cannot resume and must copy its tables again",
                    hasSeconds ? dynamicSetting("binlog_expire_logs_seconds", Long.toString(SUGGESTED_RETENTION),
                            Long.toString(SUGGESTED_RETENTION), false)
                            : dynamicSetting("expire_logs_days", "7", "7", false));
        } else {
            findings.pass("binlog retention", "binary logs are kept " + duration(effective) + " (" + setting + ")");
        }
    }

    private void gtid(Map<String, String> variables) {
        if (session.flavor() == Flavor.MARIADB) {
            String position = variables.getOrDefault("gtid_binlog_pos", "");
            findings.pass("gtid", "MariaDB gives every transaction in the binary log a GTID"
                    + (position.isEmpty() ? "" : " (at " + position + ")") + "; gtid_strict_mode is "
                    + variables.getOrDefault("gtid_strict_mode", "OFF"));
            return;
        }
        String mode = variables.getOrDefault("gtid_mode", "OFF");
        if (mode.equalsIgnoreCase("ON") && variables.getOrDefault("enforce_gtid_consistency", "").equalsIgnoreCase("ON")) {
            findings.pass("gtid", "gtid_mode is ON");
            return;
        }
        findings.warn("gtid", "gtid_mode is " + mode + ": Debezium follows binlog file and position, so after a failover"
                        + " to a replica it cannot resume",
                String.join("\n",
                        "SET PERSIST enforce_gtid_consistency = ON;",
                        "SET PERSIST gtid_mode = OFF_PERMISSIVE;",
                        "SET PERSIST gtid_mode = ON_PERMISSIVE;",
                        "SET PERSIST gtid_mode = ON;  -- once SHOW STATUS LIKE 'Ongoing_anonymous_transaction_count' is 0"));
    }

    /**
     * The statements that change a dynamic setting now and keep it over a restart: MySQL persists
     * with SET PERSIST; MariaDB needs the option file too.
     */
    private String dynamicSetting(String name, String sqlValue, String fileValue, boolean sessionsKeepOld) {
        String now = sessionsKeepOld ? "  -- new sessions only: reconnect the applications" : "";
        if (session.flavor() == Flavor.MYSQL) {
            return "SET PERSIST " + name + " = " + sqlValue + ";" + now;
        }
        return "SET GLOBAL " + name + " = " + sqlValue + ";" + now + "\n"
                + name + " = " + fileValue + MY_CNF + ", to keep it after a restart";
    }

    // ---- grants ----

    /**
     * What Debezium needs, as SHOW GRANTS spells it. MariaDB 10.5.2 renamed REPLICATION CLIENT to
     * BINLOG MONITOR; SHOW GRANTS then shows the new name, and GRANT takes both.
     */
    private List<String> requiredGlobalPrivileges() {
        String monitor = session.flavor() == Flavor.MARIADB && session.atLeast(10, 5, 2)
                ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        return List.of("RELOAD", "SHOW DATABASES", "REPLICATION SLAVE", monitor);
    }

    private void grants(Connection connection) throws SQLException {
        Set<String> global = new LinkedHashSet<>();
        Map<String, Set<String>> onObjects = new HashMap<>();
        try (Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                Matcher m = GRANT.matcher(rs.getString(1));
                if (!m.find()) {
                    continue; // a role granted to the user, or PROXY
                }
                Set<String> privileges = privileges(m.group(1));
                String object = m.group(2).replace("`", "");
                if (object.equals("*.*")) {
                    global.addAll(privileges);
                } else {
                    onObjects.computeIfAbsent(object, o -> new LinkedHashSet<>()).addAll(privileges);
                }
            }
        }
        boolean all = global.contains("ALL PRIVILEGES") || global.contains("ALL");
        List<String> missing = new ArrayList<>();
        if (!all && !global.contains("SELECT") && !source.tables().stream().allMatch(t -> mayRead(onObjects, t))) {
            missing.add("SELECT");
        }
        for (String privilege : requiredGlobalPrivileges()) {
            if (!all && !global.contains(privilege) && !global.contains(alias(privilege))) {
                missing.add(privilege);
            }
        }
        if (missing.isEmpty()) {
            findings.pass("grants", session.account() + " has " + (all ? "ALL PRIVILEGES"
                    : "SELECT, " + String.join(", ", requiredGlobalPrivileges())));
        } else {
            findings.fail("grants", session.account() + " lacks " + String.join(", ", missing)
                            + ": Debezium needs them to snapshot and to read the binary log",
                    "GRANT " + String.join(", ", missing) + " ON *.* TO " + session.account() + ";");
        }
    }

    private static Set<String> privileges(String list) {
        Set<String> privileges = new LinkedHashSet<>();
        for (String privilege : list.replaceAll("\\([^)]*\\)", "").split(",")) {
            privileges.add(privilege.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
        }
        return privileges;
    }

    private static String alias(String privilege) {
        return switch (privilege) {
            case "REPLICATION SLAVE" -> "REPLICATION REPLICA";
            case "BINLOG MONITOR" -> "REPLICATION CLIENT";
            case "REPLICATION CLIENT" -> "BINLOG MONITOR";
            default -> privilege;
        };
    }

    private static boolean mayRead(Map<String, Set<String>> onObjects, String table) {
        String database = table.substring(0, table.indexOf('.'));
        for (String object : List.of(database + ".*", table)) {
            Set<String> privileges = onObjects.getOrDefault(object, Set.of());
            if (privileges.contains("SELECT") || privileges.contains("ALL PRIVILEGES") || privileges.contains("ALL")) {
                return true;
            }
        }
        return false;
    }

    // ---- tables ----

    private void table(Connection connection, String configured) throws SQLException {
        String name = "table " + configured;
        int dot = configured.indexOf('.');
        String database = configured.substring(0, dot);
        String table = configured.substring(dot + 1);
        String qualified = quoteName(database) + "." + quoteName(table);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 FROM " + qualified + " LIMIT 0").close();
        } catch (SQLException e) {
            switch (e.getErrorCode()) {
                case 1146, 1049 -> findings.fail(name, configured + " does not exist",
                        "create it, or remove " + configured + " from " + configKey + ".tables");
                case 1142, 1044 -> findings.fail(name, session.account() + " may not read " + configured
                                + " (or it does not exist): the snapshot would fail",
                        "GRANT SELECT ON " + qualified + " TO " + session.account() + ";");
                default -> throw e;
            }
            return;
        }
        findings.pass(name, "exists; " + session.account() + " may read it");
        primaryKey(connection, configured, database, table, qualified);
    }

    private void primaryKey(Connection connection, String configured, String database, String table, String qualified)
            throws SQLException {
        String name = "primary key " + configured;
        Optional<String> key = Jdbc.one(connection, "SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION SEPARATOR ', ')"
                        + " FROM information_schema.KEY_COLUMN_USAGE"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'",
                rs -> rs.getString(1), database, table).filter(k -> !k.isEmpty());
        if (key.isPresent()) {
            findings.pass(name, "primary key (" + key.get() + ")");
            return;
        }
        Optional<String> messageKey = MessageKeyColumns.of(source, configured);
        if (messageKey.isPresent()) {
            findings.pass(name, "no primary key; keyed by message.key.columns (" + messageKey.get() + ")");
            return;
        }
        // A unique index over NOT NULL columns can become the primary key as it is.
        Optional<String> unique = Jdbc.one(connection, "SELECT GROUP_CONCAT(CONCAT('`', REPLACE(COLUMN_NAME, '`', '``'), '`')"
                        + " ORDER BY SEQ_IN_INDEX SEPARATOR ', ') FROM information_schema.STATISTICS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                        + " GROUP BY INDEX_NAME HAVING SUM(NULLABLE = 'YES') = 0 ORDER BY COUNT(*), INDEX_NAME LIMIT 1",
                rs -> rs.getString(1), database, table);
        findings.fail(name, configured + " has no primary key: Sluice keeps warehouse rows in step by key and stops at"
                        + " this table's first row",
                "ALTER TABLE " + qualified + " ADD PRIMARY KEY (" + unique.orElse("<key columns>") + ");");
    }

    // ---- helpers ----

    private void guard(String name, SqlCheck check) {
        try {
            check.run();
        } catch (SQLException e) {
            findings.fail(name, "could not check: " + Jdbc.reason(e), null);
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String duration(long seconds) {
        if (seconds % ONE_DAY == 0) {
            return seconds / ONE_DAY + (seconds == ONE_DAY ? " day" : " days");
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds + " s";
    }
}
