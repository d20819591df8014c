package io.sluice.engine.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.scan.PipelineScan;
import io.sluice.engine.scan.ScanJsonReport;
import io.sluice.engine.scan.ScanReport;
import io.sluice.engine.scan.ScanTextReport;
import io.sluice.engine.scan.SourceUnreachableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice scan pipeline.yaml}: which columns of the pipeline's tables likely hold personal data? */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        description = {"Sample every table of every source of the pipeline and flag the columns that likely hold"
                + " personal data, by their name and by checks of their values: e-mail addresses, phone numbers"
                + " (E.164, North American, European, mainland-China mobile), payment cards (Luhn), IBANs (mod 97),"
                + " IP addresses, US SSNs, mainland-China resident ids (GB 11643), Spanish DNI/NIE, Dutch BSN (11-test),"
                + " passports, dates of birth, person names and postal addresses. Prints a table (table, column, kind,"
                + " confidence, an example masked) and a governance block to paste into the pipeline file."
                + " Reads only; never prints a sampled value unmasked."},
        footer = {"", "Exit codes: 0 the scan ran, whatever it found; 1 a source cannot be reached;"
                + " 2 bad usage or an invalid pipeline file.",
                "", "Example:", "  PG_HOST=db.internal ... sluice scan examples/postgres-to-duckdb.yaml --sample 5000"})
final class ScanCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE.yaml", description = "the pipeline file")
    private Path file;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N",
            description = "read at most N rows per table (default: ${DEFAULT-VALUE})")
    private int sample;

    @Option(names = "--json", description = "print the findings as JSON: tables read, tables skipped, and findings,"
            + " each with source, table, column, kind, confidence, by_name, matching, sampled, a masked example and"
            + " the suggested governance; then the governance block")
    private boolean json;

    @Override
    public Integer call() {
        if (sample < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sample: give at least 1 row, got " + sample);
        }
        PrintWriter err = spec.commandLine().getErr();
        PipelineConfig config;
        try {
            config = PipelineLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.INVALID;
        }
        ScanReport report;
        try {
            report = PipelineScan.run(config, sample);
        } catch (SourceUnreachableException e) {
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ScanJsonReport.of(report));
            out.flush();
        } else {
            ScanTextReport.print(report, out);
        }
        return ExitCodes.OK;
    }
}
