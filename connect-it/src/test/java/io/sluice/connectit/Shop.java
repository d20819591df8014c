package io.sluice.connectit;

import io.sluice.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small shop in a source database — customers, orders, order items (composite key) and an insert-only
 * events table — with a workload of inserts, updates and deletes, and the queries that read a table the
 * same way from the source and from the warehouse.
 */
final class Shop {

    /** Events of this kind break the sink's Quality rule: each must reach the quarantine table exactly once. */
    static final String BOGUS_KIND = "bogus";

    private final TestDatabase source;
    private final Random random = new Random(42);
    private final AtomicInteger changes = new AtomicInteger();
    private long nextCustomer = 1;
    private long nextOrder = 1;
    private long nextEvent = 1;

    Shop(TestDatabase source) {
        this.source = source;
        source.execute(
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text, balance numeric(12,2),"
                        + " active boolean, updated_at timestamptz)",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric(12,2), status text)",
                "CREATE TABLE order_items (order_id bigint, line int, sku text, qty int, PRIMARY KEY (order_id, line))",
                "CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload text)");
    }

    /** The tables Debezium captures, as {@code table.include.list} names them. */
    static String tableList() {
        return "public.customers,public.orders,public.order_items,public.events";
    }

    /** Inserts a first state: what the snapshot copies. */
    void seed(int customers, int orders) throws SQLException {
        try (Connection connection = source.connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < customers; i++) {
                insertCustomer(connection);
            }
            for (int i = 0; i < orders; i++) {
                insertOrder(connection);
            }
            for (int i = 0; i < customers / 2; i++) {
                insertEvent(connection);
            }
            connection.commit();
        }
    }

    /** Starts changing the source in the background, a few changes per transaction, until stopped. */
    Workload stream(int changesPerSecond) {
        return new Workload(changesPerSecond);
    }

    /** The background workload; {@link #stop()} ends it and reports whether it failed. */
    final class Workload {
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        private Workload(int changesPerSecond) {
            thread = new Thread(() -> {
                try (Connection connection = source.connect()) {
                    connection.setAutoCommit(false);
                    while (!stopping.get()) {
                        for (int i = 0; i < 5; i++) {
                            step(connection);
                        }
                        connection.commit();
                        Thread.sleep(Math.max(1, 5000 / changesPerSecond));
                    }
                } catch (SQLException | InterruptedException | RuntimeException e) {
                    failure.set(e);
                }
            }, "shop-workload");
            thread.start();
        }

        void stop() throws InterruptedException {
            stopping.set(true);
            thread.join();
            if (failure.get() != null) {
                throw new AssertionError("the source workload failed: " + failure.get(), failure.get());
            }
        }
    }

    int changes() {
        return changes.get();
    }

    /** One random change: new customers and orders, updates, deletes, events (some bogus). */
    void step(Connection connection) throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 15) {
            insertCustomer(connection);
        } else if (dice < 45) {
            update(connection, "UPDATE customers SET balance = balance + ?, email = ?, updated_at = now()"
                    + " WHERE id = ?", new BigDecimal(random.nextInt(10_000)).movePointLeft(2),
                    "c" + random.nextInt(1000) + "@example.com", randomId(nextCustomer));
        } else if (dice < 50) {
            delete(connection, "DELETE FROM customers WHERE id = ?", randomId(nextCustomer));
        } else if (dice < 65) {
            insertOrder(connection);
        } else if (dice < 80) {
            update(connection, "UPDATE orders SET status = ?, total = total + 1 WHERE id = ?",
                    random.nextBoolean() ? "paid" : "shipped", randomId(nextOrder));
        } else if (dice < 85) {
            long order = randomId(nextOrder);
            delete(connection, "DELETE FROM order_items WHERE order_id = ?", order);
            delete(connection, "DELETE FROM orders WHERE id = ?", order);
        } else if (dice < 90) {
            update(connection, "UPDATE order_items SET qty = qty + 1 WHERE order_id = ? AND line = 1", randomId(nextOrder));
        } else {
            insertEvent(connection);
        }
    }

    private long randomId(long next) {
        return 1 + (long) random.nextInt((int) Math.max(1, next - 1));
    }

    private void insertCustomer(Connection connection) throws SQLException {
        long id = nextCustomer++;
        update(connection, "INSERT INTO customers VALUES (?, ?, ?, ?, ?, now())", id, "Customer " + id,
                "customer" + id + "@example.com", new BigDecimal(random.nextInt(100_000)).movePointLeft(2),
                random.nextBoolean());
    }

    private void insertOrder(Connection connection) throws SQLException {
        long id = nextOrder++;
        update(connection, "INSERT INTO orders VALUES (?, ?, ?, 'new')", id, randomId(nextCustomer),
                new BigDecimal(random.nextInt(50_000)).movePointLeft(2));
        int lines = 1 + random.nextInt(3);
        for (int line = 1; line <= lines; line++) {
            update(connection, "INSERT INTO order_items VALUES (?, ?, ?, ?)", id, line, "SKU-" + random.nextInt(500),
                    1 + random.nextInt(5));
        }
    }

    private void insertEvent(Connection connection) throws SQLException {
        long id = nextEvent++;
        String kind = id % 10 == 0 ? BOGUS_KIND : random.nextBoolean() ? "click" : "view";
        update(connection, "INSERT INTO events VALUES (?, ?, ?)", id, kind, "event " + id);
    }

    private void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            changes.addAndGet(statement.executeUpdate());
        }
    }

    private void delete(Connection connection, String sql, Object... values) throws SQLException {
        update(connection, sql, values);
    }

    /** All rows of a query, each column as comparable text (numbers without trailing zeros, instants in UTC). */
    static List<List<String>> rows(TestDatabase database, String sql) {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(text(rows.getObject(i)));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            // A table the sink has not created yet reads as empty.
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return String.valueOf(value);
    }
}
