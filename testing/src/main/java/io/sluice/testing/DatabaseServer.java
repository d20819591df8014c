package io.sluice.testing;

/**
 * A real database server for tests, started once per JVM and shared by every test class in it.
 * Tests never use the server's own databases: each asks for a fresh one with {@link #createDatabase()},
 * so test classes running in parallel cannot see each other's tables.
 */
public interface DatabaseServer {

    /** {@code "postgres"} or {@code "mariadb"}. */
    String kind();

    /** Always the loopback address: the servers listen nowhere else. */
    String host();

    int port();

    /** A user with every privilege, including replication (what a CDC connector needs). */
    String adminUser();

    String adminPassword();

    /** Creates a new, empty, uniquely named database; closing it drops it. */
    TestDatabase createDatabase();

    /** JDBC URL of the named database on this server, without credentials. */
    String jdbcUrl(String database);
}
