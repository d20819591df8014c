package io.sluice.engine.governance;

import io.sluice.config.GovernanceRule;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.transforms.Columns;
import io.sluice.connector.transforms.Filter;
import io.sluice.connector.transforms.Hash;
import io.sluice.connector.transforms.Lineage;
import io.sluice.connector.transforms.Mask;
import io.sluice.connector.transforms.Partial;
import io.sluice.connector.transforms.Quality;
import io.sluice.connector.transforms.TransformChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The pipeline file's governance rules as a chain of Sluice's Kafka Connect transforms, applied to each
 * record in file order — the very classes a Connect worker runs with {@code transforms=}.
 */
public final class GovernanceChain implements AutoCloseable {

    private static final Map<String, Supplier<Transformation<SourceRecord>>> BY_TYPE = Map.of(
            "mask", Mask::new,
            "hash", Hash::new,
            "partial", Partial::new,
            "columns", Columns::new,
            "filter", Filter::new,
            "quality", Quality::new,
            "lineage", Lineage::new);

    private final TransformChain<SourceRecord> transforms;
    private final List<String> names;

    private GovernanceChain(List<Transformation<SourceRecord>> transforms, List<String> names) {
        this.transforms = new TransformChain<>(transforms);
        this.names = names;
    }

    public static GovernanceChain none() {
        return new GovernanceChain(List.of(), List.of());
    }

    /**
     * Creates and configures each rule's transform; a rule whose settings its transform refuses is an
     * error naming the file, the line and the rule.
     */
    public static GovernanceChain of(List<GovernanceRule> rules, Path file) {
        List<Transformation<SourceRecord>> transforms = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            GovernanceRule rule = rules.get(i);
            Supplier<Transformation<SourceRecord>> factory = BY_TYPE.get(rule.type());
            if (factory == null) {
                throw new IllegalArgumentException(where(file, rule) + "governance[" + i + "]: unknown type '" + rule.type() + "'");
            }
            Transformation<SourceRecord> transform = factory.get();
            try {
                transform.configure(rule.settings());
            } catch (ConfigException | IllegalArgumentException e) {
                throw new IllegalArgumentException(where(file, rule) + "governance[" + i + "] (" + rule.type() + "): "
                        + e.getMessage(), e);
            }
            transforms.add(transform);
            names.add("governance[" + i + "] " + rule.type());
        }
        return new GovernanceChain(transforms, names);
    }

    /**
     * Only the rules that judge records (filter and quality), for replaying quarantined records: those
     * were stored governed already (masked, hashed — never in clear), so the rules that change values
     * must not run twice.
     */
    public static GovernanceChain checksOnly(List<GovernanceRule> rules, Path file) {
        List<GovernanceRule> checks = rules.stream()
                .filter(rule -> rule.type().equals("filter") || rule.type().equals("quality")).toList();
        return of(checks, file);
    }

    private static String where(Path file, GovernanceRule rule) {
        return (file == null ? "" : file + ":") + rule.line() + (rule.column() > 0 ? ":" + rule.column() : "") + ": ";
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /**
     * The record after every rule; null when a rule dropped it. A rule that fails on the record sends it
     * to {@code quarantine} (and returns null), so a poison record never stops the line — without its key
     * or values: they are ungoverned, and clear personal data must not reach the warehouse.
     */
    public SourceRecord apply(SourceRecord record, Consumer<Quarantined> quarantine) {
        try {
            return transforms.apply(record);
        } catch (TransformChain.StepFailedException failed) {
            RuntimeException e = failed.getCause();
            Quarantined full = Quarantined.of(record, null, names.get(failed.step()),
                    e.getClass().getSimpleName() + ": " + e.getMessage() + " (key and values withheld: ungoverned)");
            quarantine.accept(new Quarantined(full.table(), null, full.rule(), full.reason(), null, full.position(), null));
            return null;
        }
    }

    @Override
    public void close() {
        transforms.close();
    }
}
