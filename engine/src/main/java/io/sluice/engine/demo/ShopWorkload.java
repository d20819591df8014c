package io.sluice.engine.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady mix of inserts, updates and deletes against the shop schema, at a fixed rate of
 * transactions per second, for the demo and the end-to-end tests.
 */
public final class ShopWorkload {

    private final Connection connection;
    private final Random random;
    private final AtomicLong rowChanges = new AtomicLong();
    private long nextCustomerId;
    private long nextOrderId;

    public ShopWorkload(Connection connection, Random random) throws SQLException {
        this.connection = connection;
        this.random = random;
        this.nextCustomerId = max("customers", "id") + 1;
        this.nextOrderId = max("orders", "id") + 1;
    }

    /** Row changes committed so far (each inserted, updated or deleted row counts once). */
    public long rowChanges() {
        return rowChanges.get();
    }

    /** Runs transactions at {@code perSecond} until {@code duration} has passed or the thread is interrupted. */
    public void run(int perSecond, Duration duration) throws SQLException {
        long intervalNanos = 1_000_000_000L / Math.max(1, perSecond);
        long end = System.nanoTime() + duration.toNanos();
        long next = System.nanoTime();
        connection.setAutoCommit(false);
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            rowChanges.addAndGet(oneTransaction());
            connection.commit();
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        connection.setAutoCommit(true);
    }

    /** One business transaction; returns the rows it changed. */
    public int oneTransaction() throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 20) {
            return newCustomer();
        } else if (dice < 45) {
            return newOrder();
        } else if (dice < 70) {
            return update("UPDATE orders SET status = ?, total = total + 1.25 WHERE id = ?",
                    ShopSchema.STATUSES[random.nextInt(ShopSchema.STATUSES.length)], randomOrderId());
        } else if (dice < 80) {
            return update("UPDATE customers SET vip = NOT vip, email = ? WHERE id = ?",
                    "changed" + random.nextInt(1000) + "@example.org", randomCustomerId());
        } else if (dice < 85) {
            return update("UPDATE order_items SET quantity = quantity + 1 WHERE order_id = ?", randomOrderId());
        } else if (dice < 95) {
            long orderId = randomOrderId();
            return update("DELETE FROM order_items WHERE order_id = ?", orderId)
                    + update("DELETE FROM orders WHERE id = ?", orderId);
        } else {
            return update("DELETE FROM customers WHERE id = ?", randomCustomerId());
        }
    }

    private int newCustomer() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(ShopSchema.INSERT_CUSTOMER)) {
            ShopSchema.bindCustomer(insert, nextCustomerId++, random);
            return insert.executeUpdate();
        }
    }

    private int newOrder() throws SQLException {
        long orderId = nextOrderId++;
        int changed;
        try (PreparedStatement order = connection.prepareStatement(ShopSchema.INSERT_ORDER)) {
            ShopSchema.bindOrder(order, orderId, randomCustomerId(), random);
            changed = order.executeUpdate();
        }
        try (PreparedStatement item = connection.prepareStatement(ShopSchema.INSERT_ITEM)) {
            int lines = 1 + random.nextInt(3);
            for (int line = 1; line <= lines; line++) {
                ShopSchema.bindItem(item, orderId, line, random);
                changed += item.executeUpdate();
            }
        }
        return changed;
    }

    private int update(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private long randomCustomerId() {
        return 1 + (long) random.nextInt((int) Math.max(1, nextCustomerId - 1));
    }

    private long randomOrderId() {
        return 1 + (long) random.nextInt((int) Math.max(1, nextOrderId - 1));
    }

    private long max(String table, String column) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(" + column + "), 0) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
