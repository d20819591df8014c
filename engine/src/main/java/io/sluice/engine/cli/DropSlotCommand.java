package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice drop-slot pipeline.yaml}: removes the replication slot and publication a PostgreSQL
 * source uses, for a pipeline that is retired. A slot nobody reads keeps WAL forever and fills the
 * source's disk.
 */
@Command(name = "drop-slot",
        mixinStandardHelpOptions = true,
        description = {"Drop the replication slot and the publication of a pipeline's PostgreSQL sources, when the"
                + " pipeline is retired: an unread slot keeps WAL forever and fills the source's disk. Stop the"
                + " pipeline first (an active slot is not dropped). Running the pipeline again afterwards needs a"
                + " new snapshot (snapshot: when_needed)."},
        footer = {"", "Example:", "  sluice drop-slot pipeline.yaml --source shop"})
final class DropSlotCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Option(names = "--source", paramLabel = "NAME", description = "only this source (default: every PostgreSQL source)")
    private String only;

    @Option(names = "--keep-publication", description = "drop the slot only")
    private boolean keepPublication;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig config;
        try {
            config = PipelineLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        int failures = 0;
        for (SourceConfig source : config.sources()) {
            if (source.type() != SourceType.POSTGRES || (only != null && !only.equals(source.name()))) {
                continue;
            }
            try {
                drop(config.name(), source, out);
            } catch (SQLException e) {
                err.println("ERROR: source '" + source.name() + "': " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void drop(String pipeline, SourceConfig source, PrintWriter out) throws SQLException {
        String slot = source.slotName(pipeline);
        String publication = source.publicationName(pipeline);
        Properties credentials = new Properties();
        credentials.setProperty("user", source.user());
        if (source.password() != null) {
            credentials.setProperty("password", source.password());
        }
        String url = "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                find.setString(1, slot);
                try (ResultSet rows = find.executeQuery()) {
                    if (!rows.next()) {
                        out.println("source '" + source.name() + "': no slot " + slot);
                    } else if (rows.getBoolean(1)) {
                        throw new SQLException("slot " + slot + " is active: stop the pipeline first");
                    } else {
                        try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                            drop.setString(1, slot);
                            drop.execute();
                        }
                        out.println("source '" + source.name() + "': dropped slot " + slot);
                    }
                }
            }
            if (!keepPublication) {
                // The name passed the config's check (lower-case letters, digits, '_'), and is quoted besides.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP PUBLICATION IF EXISTS \"" + publication.replace("\"", "\"\"") + "\"");
                }
                out.println("source '" + source.name() + "': dropped publication " + publication + " (if it existed)");
            }
        }
    }
}
