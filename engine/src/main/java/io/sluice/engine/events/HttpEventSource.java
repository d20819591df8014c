package io.sluice.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventTable;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.writer.WriteBehind;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.source.Source;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code type: http} source: requests to {@code POST /ingest/<table>} are decoded on the HTTP threads
 * and queued; one committing thread takes whatever has queued up (at most a flush's rows) and prepares it
 * for ONE warehouse transaction — group commit, so many small concurrent requests share one commit — which
 * a lane's write-behind thread commits while the next group gathers (two lanes may commit groups that share
 * no key side by side), and only then completes each request's answer. The queue is bounded in events: past
 * it a request is refused at once rather than held in memory.
 */
public final class HttpEventSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Refused because the queue is full or the source is not running; the client may try again later. */
    public static final class Unavailable extends Exception {
        private final int retryAfterSeconds;

        Unavailable(String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private record Pending(String table, List<DecodedEvent> events, String idempotencyKey,
                           CompletableFuture<IngestResult> answer) {
    }

    private final String pipeline;
    private final EventSourceConfig config;
    private final EventDecoder decoder;
    /** Admits and prepares groups (on the committing thread), and writes the empty last one at stop. */
    private final EventWriter writer;
    private final CommittedOffsets committed;
    private final int maxGroupEvents;
    private final byte[] tokenDigest;
    private final String partitionKey;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final Thread committer;
    /**
     * The lanes groups are committed in, each a write-behind thread with a writer (a connection) of its own:
     * one, or two where the warehouse takes two and nothing is forwarded. A second lane commits a group while
     * the first one's commit is still in flight, when the two touch no common key of a table both lanes
     * have written before: PostgreSQL took 2,200-row COPY transactions at 0.54 of one COPY's rate on one
     * connection and 0.97 on two (the server's own cost per COPY statement, measured without Sluice).
     */
    private final Lane[] lanes;
    /** The tables a commit of this source has written: a second lane only writes to these (no DDL in parallel). */
    private final Set<String> writtenTables = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Whether a commit of this source has finished. */
    private volatile boolean committedOnce;
    /** The highest batch whose counters {@link #committed} holds: lanes may finish out of order. */
    private long advancedBatch;
    /** The longest a commit waits for more requests after its first: small beside a commit's own time. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * A group this large lingers only while another commit is in flight: its rows outweigh a commit's fixed
     * cost, and waiting with the warehouse idle left it idle while its clients' next requests were on their
     * way (1,000-event requests from 4 clients, one lane: 310,000 events/s with the linger, 375,000 without).
     * Beside a commit in flight the wait costs the warehouse nothing and makes fewer, larger commits (two
     * lanes: 1,400 commits of 1,430 events without it, 1,040 of 1,920 with it; 0.49-0.53 of COPY → 0.54).
     */
    private static final int LINGER_BELOW_EVENTS = 1_000;
    /**
     * Queued by a lane's write-behind thread when a group's write ends, after its {@code writing} is
     * cleared: wakes the gathering, which waits while the lanes are busy, at once. Carries no events.
     */
    private static final Pending WRITE_ENDED = new Pending(null, List.of(), null, null);

    /**
     * How often the source's counters (commits and events, its "offsets") are written with a commit. They
     * only count: nothing is replayed from them, the event ids make a retry apply once. Written with every
     * commit they cost a statement, a round trip, in each one; after a crash they may fall this far behind.
     */
    private static final long COUNTERS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private long countersWrittenAt = System.nanoTime() - COUNTERS_EVERY_NANOS;
    private boolean countersPending;
    private int lastGroupSize = 1;
    /** A request taken while gathering that did not fit the group: it starts the next one. */
    private Pending carried;
    private int queuedEvents;
    private boolean closing;
    private long batch;
    private long eventsCommitted;
    private volatile State state = State.STARTING;
    private volatile String error;

    /** A write-behind thread and the writer it commits groups with, and what the group in flight holds. */
    private static final class Lane {
        final EventWriter writer;
        final WriteBehind writeBehind;
        /** Whether a group handed to this lane is being written: set by the committing thread, cleared by the lane's. */
        volatile boolean writing;
        /** The ids the last group handed to this lane applies (committing thread only). */
        Set<String> inFlightIds = Set.of();
        /** The keys, per table, the last group handed to this lane writes; null when it cannot share (committing thread only). */
        Map<String, Set<RowKey>> inFlightKeys = Map.of();

        Lane(EventWriter writer, String threadName) {
            this.writer = writer;
            this.writeBehind = new WriteBehind(threadName);
        }
    }

    private HttpEventSource(String pipeline, EventSourceConfig config, List<EventWriter> writers,
                            CommittedOffsets committed, int maxGroupEvents) {
        EventWriter writer = writers.get(0);
        this.pipeline = pipeline;
        this.config = config;
        this.decoder = new EventDecoder(config);
        this.writer = writer;
        this.committed = committed;
        this.maxGroupEvents = maxGroupEvents;
        this.tokenDigest = sha256(config.token());
        this.partitionKey = JSON.createObjectNode().put("source", config.name()).toString();
        JsonNode stored = readStored(committed.asStored().get(partitionKey));
        this.batch = stored.path("batch").asLong(0);
        this.eventsCommitted = stored.path("events").asLong(0);
        this.advancedBatch = batch;
        this.committer = new Thread(this::commitLoop, "sluice-source-" + config.name());
        this.lanes = new Lane[writers.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(writers.get(i), "sluice-writer-" + config.name() + (i == 0 ? "" : "-" + (i + 1)));
        }
    }

    /**
     * Starts the committing thread.
     *
     * @param maxGroupEvents events per commit at most (the flush's row limit); a larger request is one commit
     */
    public static HttpEventSource start(String pipeline, EventSourceConfig config, EventWriter writer,
                                        CommittedOffsets committed, int maxGroupEvents) {
        return start(pipeline, config, List.of(writer), committed, maxGroupEvents);
    }

    /**
     * Starts the committing thread with a lane per writer (one or two), each writer with a connection of its
     * own; the first also prepares.
     */
    public static HttpEventSource start(String pipeline, EventSourceConfig config, List<EventWriter> writers,
                                        CommittedOffsets committed, int maxGroupEvents) {
        if (writers.isEmpty() || writers.size() > 2) {
            throw new IllegalArgumentException("an HTTP source commits in one or two lanes, not " + writers.size());
        }
        HttpEventSource source = new HttpEventSource(pipeline, config, writers, committed, maxGroupEvents);
        source.state = State.RUNNING;
        source.committer.start();
        LOG.info("Source '{}' (http) started: POST /ingest/<table> for {}", config.name(), source.tables());
        return source;
    }

    public EventSourceConfig config() {
        return config;
    }

    public EventDecoder decoder() {
        return decoder;
    }

    /** Whether {@code presented} is this source's token; compared in constant time (over digests, so length too). */
    public boolean acceptsToken(String presented) {
        return presented != null && MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    /**
     * Queues a request's decoded events; the answer completes after the commit that holds them.
     *
     * @param idempotencyKey the request's {@code Idempotency-Key}, or null
     * @throws Unavailable when the queue is full or the source is stopping or failed
     */
    public synchronized CompletableFuture<IngestResult> submit(String table, List<DecodedEvent> events,
                                                               String idempotencyKey) throws Unavailable {
        if (closing || state != State.RUNNING) {
            throw new Unavailable("source '" + config.name() + "' is " + (closing ? "stopping" : state.name()
                    .toLowerCase(java.util.Locale.ROOT)), 5);
        }
        // A request larger than the whole queue is still taken when the queue is empty, or it could never be.
        if (queuedEvents > 0 && queuedEvents + events.size() > config.maxQueuedEvents()) {
            throw new Unavailable("source '" + config.name() + "' has " + queuedEvents
                    + " events waiting for the warehouse (max-queued-events " + config.maxQueuedEvents() + ")", 1);
        }
        queuedEvents += events.size();
        Pending pending = new Pending(table, events, idempotencyKey, new CompletableFuture<>());
        queue.add(pending);
        return pending.answer();
    }

    private synchronized void dequeued(int events) {
        queuedEvents -= events;
    }

    private synchronized boolean finished() {
        return closing && queue.isEmpty();
    }

    private void commitLoop() {
        try {
            while (true) {
                Pending first = carried != null ? carried : queue.poll(50, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null || first == WRITE_ENDED) {
                    for (Lane lane : lanes) {
                        lane.writeBehind.throwIfFailed();
                    }
                    if (finished()) {
                        break;
                    }
                    continue;
                }
                Group group = new Group();
                try {
                    gather(first, group);
                    lastGroupSize = group.requests.size();
                    handOver(group);
                } catch (RuntimeException | InterruptedException e) {
                    group.fail(e);
                    throw e;
                }
            }
            for (Lane lane : lanes) {
                lane.writeBehind.await();
            }
            if (countersPending) {
                writer.write(List.of(), Set.of(), counters());
            }
            state = State.STOPPED;
            LOG.info("Source '{}' stopped", config.name());
            completion.complete(null);
        } catch (InterruptedException e) {
            failQueued(new IllegalStateException("source '" + config.name() + "' was stopped"));
            state = State.STOPPED;
            completion.complete(null);
        } catch (RuntimeException e) {
            error = "source '" + config.name() + "' failed: " + e.getMessage();
            state = State.FAILED;
            failQueued(e);
            completion.completeExceptionally(new IllegalStateException(error, e));
        } finally {
            for (Lane lane : lanes) {
                lane.writeBehind.close(1_000);
            }
        }
    }

    /**
     * The requests of one commit, admitted (ids seen before left out) and prepared as they are taken, so
     * that when the write before ends, this one is ready to hand over: preparing costs about as much as
     * writing, and done after the gathering it left the warehouse idle meanwhile.
     */
    private final class Group {
        final List<Pending> requests = new ArrayList<>();
        final List<IngestResult> results = new ArrayList<>();
        /** The ids this group applies, in the order taken. */
        final Set<String> newIds = new LinkedHashSet<>();
        /** Keeps its keys only where a second lane may commit it beside another group. */
        final EventWriter.Preparation preparation = writer.begin(lanes.length > 1);
        int events;
        /** Taken from the queue but not yet admitted: they are admitted together, with one query for their ids. */
        private final List<Pending> taken = new ArrayList<>();

        void take(Pending pending) {
            taken.add(pending);
            events += pending.events().size();
        }

        /** Admits and prepares what was taken since the last call. */
        void admitTaken() {
            if (taken.isEmpty()) {
                return;
            }
            Set<String> candidates = new LinkedHashSet<>();
            for (Pending pending : taken) {
                if (pending.idempotencyKey() != null) {
                    candidates.add(requestId(pending.idempotencyKey()));
                }
                for (DecodedEvent event : pending.events()) {
                    String id = event.idKey(pending.table());
                    if (id != null) {
                        candidates.add(id);
                    }
                }
            }
            // A write still in flight before the warehouse is asked may not be committed when it answers, so its
            // ids count as known: it commits, or the source fails and this group with it. One that has finished
            // is committed, and the warehouse's answer holds its ids.
            List<Set<String>> inFlight = new ArrayList<>(lanes.length);
            for (Lane lane : lanes) {
                if (lane.writing) {
                    inFlight.add(lane.inFlightIds);
                }
            }
            Set<String> known = new HashSet<>(writer.alreadyApplied(candidates));
            for (Set<String> ids : inFlight) {
                for (String id : candidates) {
                    if (ids.contains(id)) {
                        known.add(id);
                    }
                }
            }
            List<DecodedEvent> toWrite = new ArrayList<>();
            for (Pending pending : taken) {
                results.add(admit(pending, known, newIds, toWrite));
                requests.add(pending);
            }
            taken.clear();
            preparation.add(toWrite);
        }

        /** Answers every request of the group with the failure, and gives their room in the queue back. */
        void fail(Exception cause) {
            for (Pending pending : requests) {
                pending.answer().completeExceptionally(cause);
            }
            for (Pending pending : taken) {
                pending.answer().completeExceptionally(cause);
            }
            dequeued(events);
        }
    }

    /**
     * Takes into the group the requests to commit together, from {@code first}: while the last group is
     * being written, all that arrives (up to a flush's events), admitting and preparing each as it comes;
     * when a lane may take it, what has queued, and while that is little or another commit is in flight,
     * waiting a moment for as many requests as the last group held — its clients, answered, are sending
     * again — so they share the next commit rather than each wait a whole one.
     */
    private void gather(Pending first, Group group) throws InterruptedException {
        group.take(first);
        long lingerUntil = System.nanoTime() + LINGER_NANOS;
        while (group.events < maxGroupEvents) {
            Pending next = queue.peek();
            if (next == WRITE_ENDED) {
                queue.poll();
                continue;
            }
            if (next != null) {
                if (group.events + next.events().size() > maxGroupEvents) {
                    break;
                }
                group.take(queue.poll());
                continue;
            }
            group.admitTaken(); // all that had queued: prepared while the lanes are still busy
            // Busy: no lane may take the group now, so it keeps gathering until one may.
            boolean busy = idleLaneFor(group.preparation.keysByTable()) == null;
            long left = lingerUntil - System.nanoTime();
            if (!busy && (group.requests.size() >= lastGroupSize || left <= 0
                    || group.events >= LINGER_BELOW_EVENTS && !anyLaneWriting())) {
                break;
            }
            // While busy, wait for a request or for WRITE_ENDED; else for the linger's rest.
            next = queue.poll(busy ? TimeUnit.SECONDS.toNanos(1) : left, TimeUnit.NANOSECONDS);
            if (next == null || next == WRITE_ENDED) {
                continue;
            }
            if (group.events + next.events().size() > maxGroupEvents) {
                carried = next; // starts the next group
                break;
            }
            group.take(next);
        }
        group.admitTaken();
    }

    private boolean anyLaneWriting() {
        for (Lane lane : lanes) {
            if (lane.writing) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands the prepared group to a lane, which commits it in one transaction and then answers each request.
     * Returns once handed over.
     */
    private void handOver(Group group) throws InterruptedException {
        int written = 0;
        for (IngestResult result : group.results) {
            written += result.applied() + result.quarantined();
        }
        Map<String, Set<RowKey>> keys = group.preparation.keysByTable();
        EventWriter.Prepared prepared = group.preparation.finish();
        Lane lane = laneFor(keys);
        boolean othersIdle = true;
        for (Lane other : lanes) {
            othersIdle &= other == lane || !other.writing;
        }
        batch++;
        eventsCommitted += written;
        long groupBatch = batch;
        long now = System.nanoTime();
        // Counters go with a commit no other is in flight beside, so they are written in their order.
        boolean withCounters = othersIdle && now - countersWrittenAt >= COUNTERS_EVERY_NANOS;
        Map<String, String> counters = counters();
        Set<String> newIds = group.newIds;
        lane.writing = true;
        lane.writeBehind.submit(() -> {
            try {
                lane.writer.write(prepared, newIds, withCounters ? counters : Map.of());
                if (keys != null) {
                    writtenTables.addAll(keys.keySet());
                }
                committedOnce = true;
                advance(groupBatch, counters);
                for (int i = 0; i < group.requests.size(); i++) {
                    group.requests.get(i).answer().complete(group.results.get(i));
                }
            } catch (Exception | Error e) {
                for (Pending pending : group.requests) {
                    pending.answer().completeExceptionally(e);
                }
                throw e;
            } finally {
                dequeued(group.events);
                lane.writing = false;
                queue.offer(WRITE_ENDED);
            }
        });
        lane.inFlightIds = newIds;
        lane.inFlightKeys = keys;
        if (withCounters) {
            countersWrittenAt = now;
            countersPending = false;
        } else {
            countersPending = true;
        }
    }

    /**
     * The lane to commit a group in, once it may (see {@link #idleLaneFor}): waits for commits in flight
     * until one is.
     */
    private Lane laneFor(Map<String, Set<RowKey>> keys) throws InterruptedException {
        while (true) {
            Lane lane = idleLaneFor(keys);
            if (lane != null) {
                lane.writeBehind.await(); // finished: throws if its last group failed
                return lane;
            }
            for (Lane writing : lanes) {
                if (writing.writing) {
                    writing.writeBehind.await();
                    break;
                }
            }
        }
    }

    /**
     * A lane that may commit the group now, or null: the first idle lane when no group is in flight; beside a
     * group in flight, an idle lane when the two share no key and this one's tables have all been written
     * before (and so exist: no table is made or altered by two commits at once). Otherwise the group waits for
     * the commits in flight, so that a key's changes commit in their order.
     *
     * @param keys the group's keys per table; null when it may not share the warehouse with another group
     */
    private Lane idleLaneFor(Map<String, Set<RowKey>> keys) {
        Lane idle = null;
        for (Lane lane : lanes) {
            if (!lane.writing) {
                idle = lane;
                break;
            }
        }
        if (idle == null || !anyLaneWriting()) {
            return idle;
        }
        // After a first commit: it made the quarantine table, which every commit makes if missing.
        if (keys == null || !committedOnce || !writtenTables.containsAll(keys.keySet())) {
            return null;
        }
        for (Lane lane : lanes) {
            if (lane.writing && !disjoint(keys, lane.inFlightKeys)) {
                return null;
            }
        }
        return idle;
    }

    /** Whether no table has a key in both; false when either cannot tell. */
    private static boolean disjoint(Map<String, Set<RowKey>> keys, Map<String, Set<RowKey>> inFlight) {
        if (keys == null || inFlight == null) {
            return false;
        }
        for (Map.Entry<String, Set<RowKey>> table : keys.entrySet()) {
            Set<RowKey> other = inFlight.get(table.getKey());
            if (other == null) {
                continue;
            }
            Set<RowKey> smaller = table.getValue().size() <= other.size() ? table.getValue() : other;
            Set<RowKey> larger = smaller == other ? table.getValue() : other;
            for (RowKey key : smaller) {
                if (larger.contains(key)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Records a committed group's counters as the source's, unless a later group's are there already. */
    private synchronized void advance(long groupBatch, Map<String, String> counters) {
        if (groupBatch > advancedBatch) {
            advancedBatch = groupBatch;
            committed.advance(counters);
        }
    }

    /** The counters as the offsets table holds them: commits and events so far. */
    private Map<String, String> counters() {
        Map<String, String> offsets = new LinkedHashMap<>();
        offsets.put(partitionKey, JSON.createObjectNode().put("batch", batch).put("events", eventsCommitted).toString());
        return offsets;
    }

    /** Decides which of a request's events are written; ids seen before (or earlier in the group) are not. */
    private static IngestResult admit(Pending pending, Set<String> known, Set<String> newIds, List<DecodedEvent> toWrite) {
        int received = pending.events().size();
        if (pending.idempotencyKey() != null) {
            String id = requestId(pending.idempotencyKey());
            if (known.contains(id) || !newIds.add(id)) {
                return new IngestResult(received, 0, received, 0, List.of());
            }
        }
        int applied = 0;
        int duplicates = 0;
        int quarantined = 0;
        List<String> errors = new ArrayList<>();
        for (DecodedEvent event : pending.events()) {
            // An event with an id is taken once, whether it is applied or quarantined: a client that retries a
            // request whose answer it lost must not put a second copy of a misfit into the quarantine table.
            String id = event.idKey(pending.table());
            if (id != null && (known.contains(id) || !newIds.add(id))) {
                duplicates++;
                continue;
            }
            if (event.isRejected()) {
                quarantined++;
                if (errors.size() < 20) {
                    errors.add(event.rejected().reason());
                }
                toWrite.add(event);
                continue;
            }
            applied++;
            toWrite.add(event);
        }
        return new IngestResult(received, applied, duplicates, quarantined, errors);
    }

    private static String requestId(String key) {
        return "request:" + key;
    }

    private void failQueued(Exception cause) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            if (pending != WRITE_ENDED) {
                pending.answer().completeExceptionally(cause);
            }
        }
    }

    private static JsonNode readStored(String stored) {
        try {
            return stored == null ? JSON.createObjectNode() : JSON.readTree(stored);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public List<String> tables() {
        return config.tables().stream().map(EventTable::name).toList();
    }

    @Override
    public Map<String, String> committedOffsets() {
        return committed.asStored();
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Refuses new requests, commits what is queued, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        try {
            committer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (committer.isAlive()) {
            committer.interrupt();
        } else {
            writer.close();
        }
    }
}
