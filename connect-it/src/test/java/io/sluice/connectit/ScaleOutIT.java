package io.sluice.connectit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given a Connect cluster of three workers, Debezium's source (masking e-mail addresses with Sluice's Mask
 * on the source side) writing four tables to topics of three partitions each, and Sluice's sink with
 * {@code tasks.max=3}, when one worker stops while the source keeps changing, so that its tasks move to the
 * other two, then the warehouse ends equal to the source and its offsets table to the topics' ends.
 */
class ScaleOutIT {

    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final String SOURCE = "shop-source";
    private static final String SINK = "warehouse-sink";
    private static final int PARTITIONS = 3;
    private static final List<String> TABLES = List.of("customers", "orders", "order_items", "events");

    private ConnectStack stack;

    @BeforeEach
    void start() {
        stack = new ConnectStack(3);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aWorkerLeavingMidStreamLosesAndDuplicatesNothing() throws Exception {
        Shop shop = new Shop(stack.source);
        shop.seed(300, 200);
        Map<String, String> source = stack.debeziumSource(PARTITIONS);
        source.put("transforms", "mask");
        source.put("transforms.mask.type", "io.sluice.connector.transforms.Mask");
        source.put("transforms.mask.columns", "email");
        source.put("transforms.mask.replacement", "same-length");
        stack.connect.configureConnector(SOURCE, source);
        stack.awaitTopics(TABLES.toArray(String[]::new));
        stack.connect.configureConnector(SINK, stack.sluiceSink(3));
        stack.awaitRunning(SOURCE, 1);
        stack.awaitRunning(SINK, 3);
        for (String table : TABLES) {
            assertThat(stack.connect.kafka().describeTopics(stack.topic(table)).get(stack.topic(table)))
                    .hasValueSatisfying(topic -> assertThat(topic.partitions()).hasSize(PARTITIONS));
        }

        Shop.Workload workload = shop.stream(200);
        awaitChanges(shop, shop.changes() + 600);
        WorkerHandle leaving = workerRunningASinkTask();
        String leavingId = workerId(leaving);
        stack.connect.removeWorker(leaving);
        stack.connect.assertions().assertExactlyNumWorkersAreUp(2, "two workers remain");
        awaitSinkTasksRunningWithout(leavingId);
        awaitChanges(shop, shop.changes() + 600);
        workload.stop();

        stack.awaitTablesEqual(List.of("orders", "order_items", "events"), CONVERGE);
        ConnectStack.awaitEqual("customers, e-mail masked at the source",
                () -> Shop.rows(stack.source, "SELECT id, name, repeat('*', length(email)), balance, active, updated_at"
                        + " FROM customers ORDER BY id"),
                () -> Shop.rows(stack.warehouse, "SELECT * FROM customers ORDER BY id"),
                CONVERGE);
        ConnectStack.awaitEqual("the warehouse's offsets: every record of every partition", this::endOffsets,
                this::warehouseOffsets, CONVERGE);
    }

    /** The status topic still shows the departed worker's tasks as running until they have moved: wait for that. */
    private void awaitSinkTasksRunningWithout(String departed) throws InterruptedException {
        ConnectStack.awaitEqual("workers of the three running sink tasks, none on " + departed, () -> true, () -> {
            List<ConnectorStateInfo.TaskState> tasks = stack.connect.connectorStatus(SINK).tasks();
            return tasks.size() == 3 && tasks.stream().allMatch(task -> task.state().equals("RUNNING")
                    && !task.workerId().equals(departed));
        }, Duration.ofSeconds(60));
    }

    private WorkerHandle workerRunningASinkTask() {
        List<String> sinkWorkers = new ArrayList<>();
        for (ConnectorStateInfo.TaskState task : stack.connect.connectorStatus(SINK).tasks()) {
            sinkWorkers.add(task.workerId());
        }
        return stack.connect.workers().stream().filter(worker -> sinkWorkers.contains(workerId(worker))).findFirst()
                .orElseThrow(() -> new AssertionError("no worker runs a sink task: " + sinkWorkers));
    }

    private static String workerId(WorkerHandle worker) {
        return worker.url().getHost() + ":" + worker.url().getPort();
    }

    private Map<String, Long> endOffsets() {
        Map<String, Long> offsets = new HashMap<>();
        try {
            for (String table : TABLES) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    TopicPartition topicPartition = new TopicPartition(stack.topic(table), partition);
                    offsets.put(topicPartition.toString(), stack.connect.kafka().endOffset(topicPartition));
                }
            }
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot read the topics' end offsets", e);
        }
        return offsets;
    }

    private Map<String, Long> warehouseOffsets() {
        Map<String, Long> offsets = new HashMap<>();
        for (List<String> row : Shop.rows(stack.warehouse, "SELECT topic, \"partition\", \"offset\""
                + " FROM _sluice_connect_offsets WHERE connector = '" + SINK + "'")) {
            offsets.put(row.get(0) + "-" + row.get(1), Long.parseLong(row.get(2)));
        }
        return offsets;
    }

    private static void awaitChanges(Shop shop, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (shop.changes() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
