package io.sluice.engine.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A mixed workload on three tables (accounts; transfers; transfer lines with a composite key) for the
 * exactly-once harnesses: inserts, updates (one row twice in a transaction, too), deletes, several
 * tables per transaction. Every row version carries a unique revision in its {@code rev} column, and
 * the load remembers every version it committed ({@link #log()}), so a history table can be checked
 * change by change. One connection, one transaction at a time: revisions grow in commit order.
 *
 * <p>Runs on PostgreSQL and MariaDB.
 */
public final class VersionedLoad implements Runnable {

    public static final List<String> TABLES = List.of("accounts", "transfers", "transfer_lines");

    /** One row version (or a delete, {@code op} 'd') the load committed; {@code key} joins composite keys with '|'. */
    public record Change(String table, String key, long rev, char op) {
    }

    private static final String[] STATUSES = {"open", "frozen", "vip", "closing"};

    private final BenchDatabase database;
    private final Random random;
    private final int perSecond;
    private final List<Change> log = new ArrayList<>();
    private final List<Change> pending = new ArrayList<>();
    private final KeySet accounts = new KeySet();
    private final KeySet transfers = new KeySet();
    private final AtomicLong transactions = new AtomicLong();
    private volatile boolean stopping;
    private volatile Exception failure;
    private long nextRev = 1;
    private long nextAccount = 1;
    private long nextTransfer = 1;

    public VersionedLoad(BenchDatabase database, long seed, int perSecond) {
        this.database = database;
        this.random = new Random(seed);
        this.perSecond = perSecond;
    }

    /** Creates the three tables. */
    public static void createTables(BenchDatabase database) throws SQLException {
        boolean pg = database.isPostgres();
        database.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(60) NOT NULL, balance DECIMAL(14,2) NOT NULL,"
                        + " status VARCHAR(16) NOT NULL, note TEXT, rev BIGINT NOT NULL)",
                "CREATE TABLE transfers (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, amount DECIMAL(12,2) NOT NULL,"
                        + " placed_at " + (pg ? "TIMESTAMPTZ" : "DATETIME(6)") + " NOT NULL, memo VARCHAR(200),"
                        + " rev BIGINT NOT NULL)",
                "CREATE TABLE transfer_lines (transfer_id BIGINT NOT NULL, line_no INT NOT NULL, sku VARCHAR(20) NOT NULL,"
                        + " qty INT NOT NULL, rev BIGINT NOT NULL, PRIMARY KEY (transfer_id, line_no))");
    }

    /** Inserts {@code accounts} accounts with a transfer of two lines each, before capture starts. */
    public void seed(int accountCount) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement(INSERT_ACCOUNT);
                 PreparedStatement transfer = connection.prepareStatement(INSERT_TRANSFER);
                 PreparedStatement line = connection.prepareStatement(INSERT_LINE)) {
                for (int i = 0; i < accountCount; i++) {
                    long id = bindAccount(account);
                    account.addBatch();
                    long transferId = bindTransfer(transfer, id);
                    transfer.addBatch();
                    for (int lineNo = 1; lineNo <= 2; lineNo++) {
                        bindLine(line, transferId, lineNo);
                        line.addBatch();
                    }
                    if (i % 2_000 == 1_999) {
                        executeBatches(connection, account, transfer, line);
                    }
                }
                executeBatches(connection, account, transfer, line);
            }
        }
    }

    private void executeBatches(Connection connection, PreparedStatement... statements) throws SQLException {
        for (PreparedStatement statement : statements) {
            statement.executeBatch();
        }
        connection.commit();
        committed();
    }

    /** Runs transactions at the load's rate until {@link #stop()}; a failure ends it and is kept. */
    @Override
    public void run() {
        long interval = 1_000_000_000L / Math.max(1, perSecond);
        long next = System.nanoTime();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (!stopping) {
                oneTransaction(connection);
                connection.commit();
                committed();
                transactions.incrementAndGet();
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by a second: do not burst to catch up
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    public void stop() {
        stopping = true;
    }

    /** Lets {@link #run()} run again after {@link #stop()}, going on where it stopped (revisions, keys, log). */
    public void resume() {
        if (failure != null) {
            throw new IllegalStateException("the load failed before: " + failure, failure);
        }
        stopping = false;
    }

    /** The error that ended {@link #run()}, or null. */
    public Exception failure() {
        return failure;
    }

    public long transactions() {
        return transactions.get();
    }

    /** Every committed row version and delete, in commit order. Read it after the load has stopped. */
    public List<Change> log() {
        return log;
    }

    private void committed() {
        synchronized (log) {
            log.addAll(pending);
        }
        pending.clear();
    }

    private void oneTransaction(Connection connection) throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 15 || accounts.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ACCOUNT)) {
                bindAccount(insert);
                insert.executeUpdate();
            }
        } else if (dice < 40) {
            newTransfer(connection);
        } else if (dice < 60) {
            // The same account twice in one transaction: two versions a history must keep apart.
            long id = accounts.pick(random);
            int times = 1 + random.nextInt(2);
            for (int i = 0; i < times; i++) {
                update(connection, "accounts", Long.toString(id),
                        "UPDATE accounts SET rev = ?, balance = balance + 1.25, status = ? WHERE id = ?",
                        STATUSES[random.nextInt(STATUSES.length)], id);
            }
        } else if (dice < 72 && !transfers.isEmpty()) {
            long id = transfers.pick(random);
            update(connection, "transfers", Long.toString(id), "UPDATE transfers SET rev = ?, memo = ? WHERE id = ?",
                    random.nextInt(4) == 0 ? null : "memo " + random.nextInt(1000), id);
        } else if (dice < 80 && !transfers.isEmpty()) {
            long id = transfers.pick(random);
            for (int lineNo = 1; lineNo <= 2; lineNo++) {
                update(connection, "transfer_lines", id + "|" + lineNo,
                        "UPDATE transfer_lines SET rev = ?, qty = qty + 1 WHERE transfer_id = ? AND line_no = ?", id, lineNo);
            }
        } else if (dice < 92 && !transfers.isEmpty()) {
            long id = transfers.pick(random);
            for (int lineNo = 1; lineNo <= 2; lineNo++) {
                delete(connection, "transfer_lines", id + "|" + lineNo, "DELETE FROM transfer_lines WHERE transfer_id = ? AND line_no = ?",
                        id, lineNo);
            }
            delete(connection, "transfers", Long.toString(id), "DELETE FROM transfers WHERE id = ?", id);
            transfers.remove(id);
        } else {
            long id = accounts.pick(random);
            delete(connection, "accounts", Long.toString(id), "DELETE FROM accounts WHERE id = ?", id);
            accounts.remove(id);
        }
    }

    private void newTransfer(Connection connection) throws SQLException {
        long account = accounts.pick(random);
        long id;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSFER)) {
            id = bindTransfer(insert, account);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_LINE)) {
            for (int lineNo = 1; lineNo <= 2; lineNo++) {
                bindLine(insert, id, lineNo);
                insert.executeUpdate();
            }
        }
        update(connection, "accounts", Long.toString(account),
                "UPDATE accounts SET rev = ?, balance = balance - 10.00 WHERE id = ?", account);
    }

    /** Runs an UPDATE of one row that sets {@code rev = ?} first; the parameters follow the revision. */
    private void update(Connection connection, String table, String key, String sql, Object... parameters)
            throws SQLException {
        long rev = nextRev++;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, rev);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 2, parameters[i]);
            }
            if (statement.executeUpdate() == 1) {
                pending.add(new Change(table, key, rev, 'u'));
            }
        }
    }

    private void delete(Connection connection, String table, String key, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            if (statement.executeUpdate() == 1) {
                pending.add(new Change(table, key, nextRev++, 'd'));
            }
        }
    }

    private static final String INSERT_ACCOUNT =
            "INSERT INTO accounts (id, owner, balance, status, note, rev) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TRANSFER =
            "INSERT INTO transfers (id, account_id, amount, placed_at, memo, rev) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_LINE =
            "INSERT INTO transfer_lines (transfer_id, line_no, sku, qty, rev) VALUES (?, ?, ?, ?, ?)";

    private long bindAccount(PreparedStatement statement) throws SQLException {
        long id = nextAccount++;
        long rev = nextRev++;
        statement.setLong(1, id);
        statement.setString(2, "owner " + id + (random.nextInt(7) == 0 ? " Zoë 李" : ""));
        statement.setBigDecimal(3, BigDecimal.valueOf(random.nextInt(10_000_000), 2));
        statement.setString(4, STATUSES[random.nextInt(STATUSES.length)]);
        statement.setString(5, random.nextInt(3) == 0 ? null : "note " + random.nextInt(100_000));
        statement.setLong(6, rev);
        accounts.add(id);
        pending.add(new Change("accounts", Long.toString(id), rev, 'c'));
        return id;
    }

    private long bindTransfer(PreparedStatement statement, long account) throws SQLException {
        long id = nextTransfer++;
        long rev = nextRev++;
        statement.setLong(1, id);
        statement.setLong(2, account);
        statement.setBigDecimal(3, BigDecimal.valueOf(random.nextInt(1_000_000), 2));
        // Whole microseconds: both databases keep them exactly.
        long micros = 1_600_000_000_000_000L + (long) (random.nextDouble() * 200_000_000_000_000L);
        statement.setTimestamp(4, Timestamp.from(Instant.EPOCH.plusNanos(micros * 1000)));
        statement.setString(5, random.nextBoolean() ? null : "memo " + random.nextInt(1000));
        statement.setLong(6, rev);
        transfers.add(id);
        pending.add(new Change("transfers", Long.toString(id), rev, 'c'));
        return id;
    }

    private void bindLine(PreparedStatement statement, long transfer, int lineNo) throws SQLException {
        long rev = nextRev++;
        statement.setLong(1, transfer);
        statement.setInt(2, lineNo);
        statement.setString(3, "SKU-" + (1000 + random.nextInt(9000)));
        statement.setInt(4, 1 + random.nextInt(9));
        statement.setLong(5, rev);
        pending.add(new Change("transfer_lines", transfer + "|" + lineNo, rev, 'c'));
    }

    /** Live keys of a table, for picking one at random and removing it in constant time. */
    private static final class KeySet {
        private final List<Long> keys = new ArrayList<>();
        private final java.util.Map<Long, Integer> index = new java.util.HashMap<>();

        void add(long key) {
            index.put(key, keys.size());
            keys.add(key);
        }

        void remove(long key) {
            Integer at = index.remove(key);
            if (at == null) {
                return;
            }
            long last = keys.remove(keys.size() - 1);
            if (at < keys.size()) {
                keys.set(at, last);
                index.put(last, at);
            }
        }

        long pick(Random random) {
            return keys.get(random.nextInt(keys.size()));
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }
    }
}
