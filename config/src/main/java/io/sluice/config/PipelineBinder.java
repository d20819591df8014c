package io.sluice.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/** Binds the document's top level: the pipeline name, its sources, the warehouse, flush limits and the HTTP server. */
final class PipelineBinder {

    static final List<String> KEYS = List.of("pipeline", "sources", "warehouse", "flush", "governance", "http", "forward",
            "snapshot-threads");

    private PipelineBinder() {
    }

    /** @return the pipeline, or null when anything was reported */
    static PipelineConfig bind(Node root, Path file, Binding binding) {
        if (root == null) {
            binding.errors().atFile("", "the file is empty; start with 'pipeline:', 'sources:' and 'warehouse:' (see REFERENCE.md)");
            return null;
        }
        int errorsBefore = binding.errors().count();
        Optional<YamlMapping> document = YamlMapping.of(root, "",
                "a mapping with the keys " + String.join(", ", KEYS), binding);
        if (document.isEmpty()) {
            return null;
        }
        YamlMapping top = document.get();
        top.rejectUnknownKeys(KEYS);

        String name = top.required("pipeline", ScalarParsers.NAME, "name the pipeline, e.g. pipeline: shop-demo")
                .orElse(null);
        List<SourceConfig> sources = new ArrayList<>();
        List<EventSourceConfig> eventSources = new ArrayList<>();
        bindSources(top, name, binding, sources, eventSources);
        WarehouseConfig warehouse = top.requiredMapping("warehouse", "a mapping with 'type' and where to write",
                        "say where to write, e.g. warehouse: {type: duckdb, path: sluice.duckdb}")
                .map(w -> WarehouseBinder.bind(w, file, binding)).orElse(null);
        FlushConfig flush = top.mapping("flush", "a mapping with max-rows, max-bytes and max-age")
                .map(f -> FlushBinder.bind(f, binding))
                .orElse(FlushConfig.DEFAULTS);
        List<GovernanceRule> governance = top.has("governance")
                ? top.requiredMappings("governance", "a mapping with 'type' and the rule's settings", "")
                        .map(rules -> GovernanceBinder.bind(rules, binding)).orElse(List.of())
                : List.of();

        HttpConfig http = top.mapping("http", "a mapping with host, port and token")
                .map(h -> HttpBinder.bind(h, binding))
                .orElse(HttpConfig.DEFAULTS);

        List<ForwardTarget> forward = top.has("forward")
                ? top.requiredMappings("forward", "a mapping with name, type and where to send", "")
                        .map(targets -> ForwardBinder.bind(targets, binding)).orElse(List.of())
                : List.of();

        int snapshotThreads = top.optional("snapshot-threads", ScalarParsers.NON_NEGATIVE_INT)
                .orElse(PipelineConfig.DEFAULT_SNAPSHOT_THREADS);

        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new PipelineConfig(name, sources, warehouse, flush, file, governance, http, eventSources, forward,
                snapshotThreads);
    }

    /** Database sources and event sources share the list; {@code type} says which binder reads an entry. */
    private static void bindSources(YamlMapping top, String pipeline, Binding binding, List<SourceConfig> sources,
                                    List<EventSourceConfig> eventSources) {
        List<YamlMapping> items = top.requiredMappings("sources", "a mapping with name, type, host, ...",
                "list at least one source, e.g. - {name: shop, type: postgres, ...}").orElse(List.of());
        rejectDuplicateNames(items, binding);
        Map<String, Scalar> tableOwners = new HashMap<>();
        for (YamlMapping item : items) {
            EventSourceType eventType = item.scalar("type").flatMap(t -> eventType(t.value())).orElse(null);
            if (eventType != null) {
                EventSourceConfig source = EventSourceBinder.bind(item, eventType, binding);
                if (source != null) {
                    eventSources.add(source);
                    rejectSharedEventTables(item, source, tableOwners, binding);
                }
                continue;
            }
            SourceConfig source = SourceBinder.bind(item, pipeline, binding);
            if (source != null) {
                sources.add(source);
            }
        }
    }

    private static Optional<EventSourceType> eventType(String written) {
        for (EventSourceType type : EventSourceType.values()) {
            if (type.name().toLowerCase(java.util.Locale.ROOT).equals(written.trim())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** {@code /ingest/<table>} must name one table of one source. */
    private static void rejectSharedEventTables(YamlMapping item, EventSourceConfig source, Map<String, Scalar> owners,
                                                Binding binding) {
        Scalar name = item.scalar("name").orElse(null);
        for (EventTable table : source.tables()) {
            Scalar first = owners.putIfAbsent(table.name(), name);
            if (first != null && name != null) {
                binding.errors().at(name.mark(), name.keyPath(), "table \"" + table.name() + "\" is declared by"
                        + " source \"" + first.value() + "\" too; an event table belongs to one source");
            }
        }
    }

    /** Source names key offsets and slots, so two sources with one name would overwrite each other. */
    private static void rejectDuplicateNames(List<YamlMapping> items, Binding binding) {
        Map<String, Scalar> firstByName = new HashMap<>();
        for (YamlMapping item : items) {
            item.scalar("name").ifPresent(name -> {
                Scalar first = firstByName.putIfAbsent(name.value(), name);
                if (first != null) {
                    binding.errors().at(name.mark(), name.keyPath(), "duplicate source name \"" + name.value()
                            + "\" (first at line " + (first.mark().getLine() + 1) + "); give each source its own name");
                }
            });
        }
    }
}
