package io.sluice.engine.check;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.WarehouseConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sluice check}: connects to every source of a pipeline and to its warehouse, and says, check by
 * check, whether Sluice can run there and what to change if not. Reads only, except for a probe table
 * it creates and drops in the warehouse.
 */
public final class PipelineCheck {

    /** Above this, a slot's confirmed position is a WARN unless {@code --slot-lag-warn} says otherwise. */
    public static final long DEFAULT_SLOT_LAG_WARN_BYTES = 1L << 30;

    /** Shorter secrets are not masked in the output: masking them would garble ordinary words. */
    private static final int MIN_MASKED_SECRET = 4;
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)password=([^&;]+)|//[^/:@]*:([^/@]+)@");

    private PipelineCheck() {
    }

    /** @param slotLagWarnBytes a PostgreSQL slot further behind the current WAL than this is a WARN */
    public static CheckReport run(PipelineConfig config, long slotLagWarnBytes) {
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < config.sources().size(); i++) {
            SourceConfig source = config.sources().get(i);
            String configKey = "sources[" + i + "]";
            List<CheckResult> results;
            try {
                results = switch (source.type()) {
                    case POSTGRES -> new PostgresSourceCheck(config.name(), source, configKey, slotLagWarnBytes).run();
                    case MARIADB, MYSQL -> new BinlogSourceCheck(source, configKey).run();
                };
            } catch (RuntimeException e) {
                results = List.of(new CheckResult("checks", Status.FAIL, "could not finish: " + Jdbc.reason(e), null));
            }
            sections.add(new Section(source.name(), title(source), results));
        }
        WarehouseConfig warehouse = config.warehouse();
        List<CheckResult> results;
        try {
            results = new WarehouseCheck(warehouse).run();
        } catch (RuntimeException e) {
            results = List.of(new CheckResult("warehouse checks", Status.FAIL, "could not finish: " + Jdbc.reason(e), null));
        }
        sections.add(new Section(null, WarehouseCheck.title(warehouse), results));
        return withoutSecrets(new CheckReport(config.name(), sections), secrets(config));
    }

    private static String title(SourceConfig source) {
        return "source " + source.name() + ": " + source.type().name().toLowerCase(Locale.ROOT) + " at " + source.host()
                + ":" + source.port() + (source.database() == null ? "" : "/" + source.database()) + " as " + source.user();
    }

    private static List<String> secrets(PipelineConfig config) {
        List<String> secrets = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            secrets.add(source.password());
            source.debezium().forEach((key, value) -> {
                if (key.contains("password")) {
                    secrets.add(value);
                }
            });
        }
        WarehouseConfig warehouse = config.warehouse();
        secrets.add(warehouse.password());
        if (warehouse.url() != null) {
            Matcher m = URL_PASSWORD.matcher(warehouse.url());
            while (m.find()) {
                secrets.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        // A password equal to a name the report shows anyway (user, host, database) protects nothing by
        // being masked, and masking it would garble the report.
        List<String> shown = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            shown.addAll(Arrays.asList(source.user(), source.host(), source.database()));
        }
        shown.add(warehouse.user());
        return secrets.stream().filter(s -> s != null && s.length() >= MIN_MASKED_SECRET && !shown.contains(s))
                .distinct().toList();
    }

    /**
     * Nothing the checks write holds a password on purpose; this is the second line of defence against
     * a driver message that quotes one.
     */
    private static CheckReport withoutSecrets(CheckReport report, List<String> secrets) {
        if (secrets.isEmpty()) {
            return report;
        }
        List<Section> sections = new ArrayList<>();
        for (Section section : report.sections()) {
            List<CheckResult> checks = new ArrayList<>();
            for (CheckResult check : section.checks()) {
                checks.add(new CheckResult(mask(check.name(), secrets), check.status(), mask(check.detail(), secrets),
                        mask(check.fix(), secrets)));
            }
            sections.add(new Section(section.source(), mask(section.title(), secrets), checks));
        }
        return new CheckReport(report.pipeline(), sections);
    }

    private static String mask(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        for (String secret : secrets) {
            text = text.replace(secret, "****");
        }
        return text;
    }
}
