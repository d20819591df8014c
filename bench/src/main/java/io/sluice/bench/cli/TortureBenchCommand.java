package io.sluice.bench.cli;

import io.sluice.engine.bench.BenchDatabase;
import io.sluice.engine.bench.Torture;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench torture}: the engine's kill -9 torture ({@link Torture}) with the servers it needs
 * started here: an embedded PostgreSQL for the warehouse and a PostgreSQL source, or an embedded MariaDB
 * source with a row binary log. It lives in this module, not the engine, because the embedded MariaDB
 * comes with the test-support module, which the engine does not ship. A MariaDB of one's own can be named
 * with {@code --mariadb-host}.
 */
@Command(name = "torture",
        mixinStandardHelpOptions = true,
        description = {"Run `sluice run` as a separate process under a mixed load, kill it with SIGKILL --kills times"
                + " (a third during the snapshot), restart it each time, then check that every table equals the source"
                + " and the history tables hold each change exactly once. Starts the servers it needs (an embedded"
                + " MariaDB with a row binary log for --source mariadb, unless --mariadb-host names one). Ends with"
                + " RESULT kills=<n> lost=<n> duplicated=<n> tables_equal=<bool>; exit 0 when exact."},
        footer = {"", "Examples:", "  sluice bench torture --kills 20 --source postgres",
                "  sluice bench torture --kills 20 --source mariadb"})
final class TortureBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--kills", defaultValue = "20", description = "how many times to kill the engine (default: ${DEFAULT-VALUE})")
    private int kills;

    @Option(names = "--source", defaultValue = "postgres", description = "postgres or mariadb (default: ${DEFAULT-VALUE})")
    private String source;

    @Option(names = "--accounts", defaultValue = "5000", description = "accounts seeded before the first start,"
            + " 4 rows each (default: ${DEFAULT-VALUE})")
    private int accounts;

    @Option(names = "--rate", defaultValue = "200", description = "load transactions per second (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--seed", defaultValue = "42", description = "for the load and the kill moments (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--mariadb-host", description = "a MariaDB source server of your own, with a row-based binary log"
            + " (default: an embedded one)")
    private String mariadbHost;

    @Option(names = "--mariadb-port", defaultValue = "3306", description = "its port (default: ${DEFAULT-VALUE})")
    private int mariadbPort;

    @Option(names = "--mariadb-user", defaultValue = "root", description = "a user with replication rights (default: ${DEFAULT-VALUE})")
    private String mariadbUser;

    @Option(names = "--mariadb-password", defaultValue = "", description = "its password (default: empty)")
    private String mariadbPassword;

    @Override
    public Integer call() throws Exception {
        if (!source.equals("postgres") && !source.equals("mariadb")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--source: expected postgres or mariadb, got '" + source + "'");
        }
        if (kills < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kills must be 1 or more");
        }
        boolean exact = Torture.runAndReport(postgres -> source.equals("postgres")
                        ? postgres.createDatabase("torture_source") : mariadbSource(),
                new Torture.Options(kills, accounts, rate, seed, Duration.ofMinutes(3)), System.out);
        return exact ? BenchCommand.OK : BenchCommand.FAILED;
    }

    private BenchDatabase mariadbSource() throws Exception {
        if (mariadbHost == null) {
            // The suite's embedded MariaDB: --log-bin, ROW format, FULL row images; stopped when this JVM exits.
            TestDatabase database = TestDatabases.mariadb().createDatabase();
            return new BenchDatabase(database.kind(), database.host(), database.port(), database.user(),
                    database.password(), database.name());
        }
        String name = "sluice_torture_" + System.currentTimeMillis();
        new BenchDatabase("mariadb", mariadbHost, mariadbPort, mariadbUser, mariadbPassword, "")
                .execute("CREATE DATABASE " + name);
        return new BenchDatabase("mariadb", mariadbHost, mariadbPort, mariadbUser, mariadbPassword, name);
    }
}
