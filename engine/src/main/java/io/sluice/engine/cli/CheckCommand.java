package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.config.Sizes;
import io.sluice.engine.check.CheckReport;
import io.sluice.engine.check.JsonReport;
import io.sluice.engine.check.PipelineCheck;
import io.sluice.engine.check.Status;
import io.sluice.engine.check.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice check pipeline.yaml}: is every source and the warehouse ready for {@code sluice run}? */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {"Connect to every source of the pipeline and to its warehouse and report, check by check,"
                + " PASS, WARN or FAIL with what was found and, for WARN and FAIL, the SQL statement or configuration"
                + " line that fixes it. PostgreSQL: version, wal_level, replication slots and WAL senders free,"
                + " the REPLICATION role, a replication connection (pg_hba.conf), the publication and the slot"
                + " (and its lag), and per table: exists and readable, primary key, replica identity and TOAST."
                + " MariaDB/MySQL: version, log_bin, binlog_format, binlog_row_image, server_id, binlog retention,"
                + " GTIDs, grants, and per table: exists and readable, primary key. Warehouse: connects, and"
                + " creates and drops a table in the target schema. Changes nothing on the sources."},
        footer = {"", "Exit codes: 0 no check failed (warnings allowed, unless --strict); 1 a check failed"
                + " (or warned, with --strict); 2 bad usage or an invalid pipeline file.",
                "", "Example:", "  PG_HOST=db.internal ... sluice check examples/postgres-to-duckdb.yaml --json"})
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Option(names = "--json", description = "print the report as JSON: pipeline, status, counts, and checks,"
            + " each with source (null for the warehouse), name, status, detail and fix")
    private boolean json;

    @Option(names = "--strict", description = "exit 1 on warnings too")
    private boolean strict;

    @Option(names = "--slot-lag-warn", defaultValue = "1GB", paramLabel = "SIZE",
            description = "warn when a PostgreSQL slot's confirmed position is further behind the current WAL"
                    + " than this, e.g. 256MB (default: ${DEFAULT-VALUE})")
    private String slotLagWarn;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long slotLagWarnBytes;
        try {
            slotLagWarnBytes = Sizes.parseBytes(slotLagWarn);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slot-lag-warn: '" + slotLagWarn + "': "
                    + e.getMessage());
        }
        PipelineConfig config;
        try {
            config = PipelineLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.INVALID;
        }
        CheckReport report = PipelineCheck.run(config, slotLagWarnBytes);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonReport.of(report));
            out.flush();
        } else {
            TextReport.print(report, out);
        }
        Status worst = report.worst();
        return worst == Status.FAIL || (strict && worst == Status.WARN) ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
