package io.sluice.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole pipeline file, bound and validated. Built by {@link PipelineLoader}.
 *
 * @param name      the pipeline's name; part of slot names and offset keys
 * @param sources   at least one, names unique, in file order
 * @param warehouse where the changes go
 * @param flush     when the writer flushes
 * @param file      the file it was loaded from, as given to the loader
 * @param governance the governance rules, applied to every change in file order
 * @param http      where {@code sluice run} serves health, metrics and status
 * @param eventSources sources that receive events (HTTP, queues) for declared tables, in file order
 * @param forward   where committed changes are sent on (through the outbox); empty for nowhere
 * @param snapshotThreads readers of a PostgreSQL source's initial snapshot, each a ctid range at a time under
 *                  the slot's exported snapshot; 0 leaves the snapshot to Debezium
 */
public record PipelineConfig(
        String name,
        List<SourceConfig> sources,
        WarehouseConfig warehouse,
        FlushConfig flush,
        Path file,
        List<GovernanceRule> governance,
        HttpConfig http,
        List<EventSourceConfig> eventSources,
        List<ForwardTarget> forward,
        int snapshotThreads) {

    /** Two readers: on two cores they keep the writer busy without starving it. */
    public static final int DEFAULT_SNAPSHOT_THREADS = 2;

    public PipelineConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(flush, "flush");
        sources = List.copyOf(sources);
        governance = governance == null ? List.of() : List.copyOf(governance);
        http = http == null ? HttpConfig.DEFAULTS : http;
        eventSources = eventSources == null ? List.of() : List.copyOf(eventSources);
        forward = forward == null ? List.of() : List.copyOf(forward);
        if (snapshotThreads < 0) {
            throw new IllegalArgumentException("snapshot-threads must be 0 or more, got " + snapshotThreads);
        }
        if (sources.isEmpty() && eventSources.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one source");
        }
    }

    /** A pipeline with the default snapshot readers. */
    public PipelineConfig(String name, List<SourceConfig> sources, WarehouseConfig warehouse, FlushConfig flush, Path file,
                          List<GovernanceRule> governance, HttpConfig http, List<EventSourceConfig> eventSources,
                          List<ForwardTarget> forward) {
        this(name, sources, warehouse, flush, file, governance, http, eventSources, forward, DEFAULT_SNAPSHOT_THREADS);
    }

    /** A pipeline of database sources only, forwarding nothing. */
    public PipelineConfig(String name, List<SourceConfig> sources, WarehouseConfig warehouse, FlushConfig flush, Path file,
                          List<GovernanceRule> governance, HttpConfig http) {
        this(name, sources, warehouse, flush, file, governance, http, List.of(), List.of());
    }

    /** A pipeline served on the default HTTP address. */
    public PipelineConfig(String name, List<SourceConfig> sources, WarehouseConfig warehouse, FlushConfig flush, Path file,
                          List<GovernanceRule> governance) {
        this(name, sources, warehouse, flush, file, governance, HttpConfig.DEFAULTS);
    }

    /** A pipeline without governance rules. */
    public PipelineConfig(String name, List<SourceConfig> sources, WarehouseConfig warehouse, FlushConfig flush, Path file) {
        this(name, sources, warehouse, flush, file, List.of(), HttpConfig.DEFAULTS);
    }

    /** The same pipeline served elsewhere, e.g. on a free port in tests. */
    public PipelineConfig withHttp(HttpConfig otherHttp) {
        return new PipelineConfig(name, sources, warehouse, flush, file, governance, otherHttp, eventSources, forward,
                snapshotThreads);
    }

    /** The same pipeline with other flush limits, e.g. in benchmarks. */
    public PipelineConfig withFlush(FlushConfig otherFlush) {
        return new PipelineConfig(name, sources, warehouse, otherFlush, file, governance, http, eventSources, forward,
                snapshotThreads);
    }

    /** The same pipeline forwarding to these targets instead, e.g. to brokers started by a test. */
    public PipelineConfig withForward(List<ForwardTarget> targets) {
        return new PipelineConfig(name, sources, warehouse, flush, file, governance, http, eventSources, targets,
                snapshotThreads);
    }

    /** The same pipeline with another number of snapshot readers (0: Debezium's own snapshot). */
    public PipelineConfig withSnapshotThreads(int threads) {
        return new PipelineConfig(name, sources, warehouse, flush, file, governance, http, eventSources, forward, threads);
    }

    public Optional<SourceConfig> source(String sourceName) {
        return sources.stream().filter(s -> s.name().equals(sourceName)).findFirst();
    }
}

