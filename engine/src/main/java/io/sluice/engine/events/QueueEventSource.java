package io.sluice.engine.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventTable;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.type.connect.JsonText;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the queue sources (Kafka, RabbitMQ, NATS) share: one thread that receives a batch of messages,
 * decodes each (one JSON object for the table its topic, queue or subject names), leaves out those whose
 * id the warehouse already holds, writes the rest with the {@link EventWriter} in one transaction with
 * the new ids and the source's offsets, and only then acknowledges the batch to the broker. A crash
 * between commit and acknowledgement redelivers messages the ids then recognise.
 *
 * <p>A subclass says how to connect, receive, acknowledge and what offsets a batch leaves behind.
 */
abstract class QueueEventSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(QueueEventSource.class);
    /** Read as the HTTP source reads a body (IngestBody): bounded nesting, exact decimals, one value only. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(1000).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** One received message: its table, body (null for none), the broker's id for it (or null) and what acknowledges it. */
    record Message(String table, byte[] body, String messageId, Object handle) {
    }

    protected final String pipeline;
    protected final EventSourceConfig config;
    private final EventDecoder decoder;
    private final EventWriter writer;
    protected final CommittedOffsets committed;
    /** Topic, queue or subject → table. */
    protected final Map<String, String> tableOf = new HashMap<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final Thread loop;
    private volatile boolean closing;
    private volatile State state = State.STARTING;
    private volatile String error;

    QueueEventSource(String pipeline, EventSourceConfig config, EventWriter writer,
                     CommittedOffsets committed) {
        this.pipeline = pipeline;
        this.config = config;
        this.decoder = new EventDecoder(config);
        this.writer = writer;
        this.committed = committed;
        for (EventTable table : config.tables()) {
            tableOf.put(table.from(), table.name());
        }
        this.loop = new Thread(this::run, "sluice-source-" + config.name());
    }

    /** Connects and starts the receiving thread; a broker that cannot be reached fails here, at start. */
    final void start() throws Exception {
        connect();
        state = State.RUNNING;
        loop.start();
        LOG.info("Source '{}' ({}) started: {}", config.name(), type(), tableOf);
    }

    /** Connects to the broker and subscribes to the tables' topics, queues or subjects. */
    abstract void connect() throws Exception;

    /** The next messages, at most {@code batch-size}; empty when none came within a short wait. */
    abstract List<Message> receive() throws Exception;

    /** The offsets to store with this batch (serialized partition → offset); empty for brokers that acknowledge. */
    abstract Map<String, String> offsetsAfter(List<Message> batch);

    /** Tells the broker the batch is in the warehouse; called only after its transaction committed. */
    abstract void acknowledge(List<Message> batch) throws Exception;

    /** Closes the broker connection; unacknowledged messages are then redelivered by the broker. */
    abstract void disconnect();

    private void run() {
        try {
            while (!closing) {
                List<Message> batch = receive();
                if (!batch.isEmpty()) {
                    commit(batch);
                    acknowledge(batch);
                }
            }
            state = State.STOPPED;
            LOG.info("Source '{}' stopped", config.name());
            completion.complete(null);
        } catch (InterruptedException e) {
            state = State.STOPPED;
            completion.complete(null);
        } catch (Exception e) {
            error = "source '" + config.name() + "' failed: " + e.getMessage();
            state = State.FAILED;
            LOG.error("{}", error, e);
            completion.completeExceptionally(new IllegalStateException(error, e));
        } finally {
            disconnect();
            writer.close();
        }
    }

    private void commit(List<Message> batch) throws InterruptedException {
        long now = System.currentTimeMillis();
        List<DecodedEvent> decoded = new ArrayList<>(batch.size());
        Set<String> candidates = new LinkedHashSet<>();
        for (Message message : batch) {
            // An empty message (a Kafka tombstone after a Debezium delete) carries no change.
            DecodedEvent event = message.body() == null ? null : decode(message, now);
            decoded.add(event);
            if (event != null) {
                candidates.addAll(idsOf(message, event));
            }
        }
        Set<String> known = writer.alreadyApplied(candidates);
        Set<String> newIds = new LinkedHashSet<>();
        List<DecodedEvent> toWrite = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            DecodedEvent event = decoded.get(i);
            if (event == null) {
                continue;
            }
            List<String> ids = idsOf(batch.get(i), event);
            // A redelivered message, or one sent again, is acknowledged again but applied once.
            if (ids.stream().noneMatch(id -> known.contains(id) || newIds.contains(id))) {
                newIds.addAll(ids);
                toWrite.add(event);
            }
        }
        writer.write(toWrite, newIds, offsetsAfter(batch));
    }

    /** The broker's message id and the event id field's value, those that are there. */
    private static List<String> idsOf(Message message, DecodedEvent event) {
        List<String> ids = new ArrayList<>(2);
        if (message.messageId() != null && !message.messageId().isEmpty()) {
            ids.add("message:" + message.table() + ":" + message.messageId());
        }
        String eventId = event.idKey(message.table());
        if (eventId != null) {
            ids.add(eventId);
        }
        return ids;
    }

    private DecodedEvent decode(Message message, long receivedAt) {
        JsonNode object;
        try {
            object = JSON.readTree(message.body());
        } catch (IOException | RuntimeException e) {
            String text = new String(message.body(), StandardCharsets.UTF_8);
            String reason = "line 1: not JSON: " + firstLine(e.getMessage());
            return new DecodedEvent(null, new Quarantined(config.name() + ":" + message.table(), null, "decode", reason,
                    new TextNode(text).toString(), JsonText.of(Map.of("source", config.name(), "origin", origin(message, receivedAt))),
                    null), null, 1);
        }
        if (object == null || object.isMissingNode()) {
            object = TextNode.valueOf("");
        }
        return decoder.decode(message.table(), object, 1, receivedAt, origin(message, receivedAt));
    }

    /** The message's id where the broker gives one (the same again when it redelivers), else a new origin. */
    private String origin(Message message, long receivedAt) {
        return message.messageId() != null && !message.messageId().isEmpty() ? "message:" + message.messageId()
                : decoder.newOrigin(receivedAt);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }


    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type().name().toLowerCase(Locale.ROOT);
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

    /** Finishes the batch in hand (commit and acknowledgement), then disconnects. */
    @Override
    public void close() {
        closing = true;
        if (Thread.currentThread() == loop || !loop.isAlive()) {
            return;
        }
        try {
            loop.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            loop.interrupt();
        }
    }
}
