package io.sluice.engine.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * The demo's source schema: a small shop with customers, orders and order items, covering numeric,
 * timestamptz, text, boolean and json columns and a composite key.
 */
public final class ShopSchema {

    public static final List<String> TABLES = List.of("public.customers", "public.orders", "public.order_items");

    private ShopSchema() {
    }

    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE customers (
                      id bigint PRIMARY KEY,
                      name text NOT NULL,
                      email text,
                      vip boolean NOT NULL DEFAULT false,
                      created_at timestamptz NOT NULL,
                      profile json)""");
            statement.execute("""
                    CREATE TABLE orders (
                      id bigint PRIMARY KEY,
                      customer_id bigint NOT NULL,
                      status text NOT NULL,
                      total numeric(12,2) NOT NULL,
                      placed_at timestamptz NOT NULL,
                      note text)""");
            statement.execute("""
                    CREATE TABLE order_items (
                      order_id bigint NOT NULL,
                      line_no integer NOT NULL,
                      sku text NOT NULL,
                      quantity integer NOT NULL,
                      unit_price numeric(10,2) NOT NULL,
                      attributes jsonb,
                      PRIMARY KEY (order_id, line_no))""");
        }
    }

    /** Inserts {@code customers} customers with orders and items, as the data that exists before capture starts. */
    public static void seed(Connection connection, int customers, Random random) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement customer = connection.prepareStatement(INSERT_CUSTOMER);
             PreparedStatement order = connection.prepareStatement(INSERT_ORDER);
             PreparedStatement item = connection.prepareStatement(INSERT_ITEM)) {
            long orderId = 0;
            for (long id = 1; id <= customers; id++) {
                bindCustomer(customer, id, random);
                customer.addBatch();
                for (int o = 0; o < 2; o++) {
                    bindOrder(order, ++orderId, id, random);
                    order.addBatch();
                    for (int line = 1; line <= 3; line++) {
                        bindItem(item, orderId, line, random);
                        item.addBatch();
                    }
                }
            }
            customer.executeBatch();
            order.executeBatch();
            item.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static final String INSERT_CUSTOMER =
            "INSERT INTO customers (id, name, email, vip, created_at, profile) VALUES (?, ?, ?, ?, ?, ?::json)";
    static final String INSERT_ORDER =
            "INSERT INTO orders (id, customer_id, status, total, placed_at, note) VALUES (?, ?, ?, ?, ?, ?)";
    static final String INSERT_ITEM =
            "INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price, attributes) VALUES (?, ?, ?, ?, ?, ?::jsonb)";

    private static final String[] NAMES = {"Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra",
        "Barbara Liskov", "Donald Knuth", "Frances Allen", "Ken Thompson", "李娜", "Zoë O'Brien"};
    static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "cancelled"};

    static void bindCustomer(PreparedStatement statement, long id, Random random) throws SQLException {
        String name = NAMES[random.nextInt(NAMES.length)];
        statement.setLong(1, id);
        statement.setString(2, name);
        statement.setString(3, random.nextInt(10) == 0 ? null : "customer" + id + "@example.com");
        statement.setBoolean(4, random.nextInt(5) == 0);
        statement.setObject(5, randomInstant(random));
        statement.setString(6, random.nextBoolean() ? null
                : "{\"tier\": " + random.nextInt(4) + ", \"tags\": [\"a\", \"b\"], \"note\": \"ünï \\\"q\\\"\"}");
    }

    static void bindOrder(PreparedStatement statement, long id, long customerId, Random random) throws SQLException {
        statement.setLong(1, id);
        statement.setLong(2, customerId);
        statement.setString(3, STATUSES[random.nextInt(STATUSES.length)]);
        statement.setBigDecimal(4, money(random, 100_000));
        statement.setObject(5, randomInstant(random));
        statement.setString(6, random.nextInt(3) == 0 ? null : "deliver after " + random.nextInt(24) + ":00");
    }

    static void bindItem(PreparedStatement statement, long orderId, int line, Random random) throws SQLException {
        statement.setLong(1, orderId);
        statement.setInt(2, line);
        statement.setString(3, "SKU-" + (1000 + random.nextInt(9000)));
        statement.setInt(4, 1 + random.nextInt(9));
        statement.setBigDecimal(5, money(random, 10_000));
        statement.setString(6, random.nextBoolean() ? null : "{\"color\": \"red\", \"size\": " + random.nextInt(50) + "}");
    }

    static BigDecimal money(Random random, int maxUnits) {
        return BigDecimal.valueOf(random.nextInt(maxUnits * 100), 2);
    }

    static OffsetDateTime randomInstant(Random random) {
        long micros = 1_600_000_000_000_000L + (long) (random.nextDouble() * 200_000_000_000_000L);
        return OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC);
    }
}
