package io.sluice.connector.sink;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** What a Connect worker gives a sink task, recording the rewinds the task asks for. */
final class RecordingContext implements SinkTaskContext {

    final Map<TopicPartition, Long> rewinds = new HashMap<>();
    final Set<TopicPartition> assignment = new LinkedHashSet<>();
    long timeout = -1;

    RecordingContext(List<TopicPartition> assigned) {
        assignment.addAll(assigned);
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition partition, long offset) {
        rewinds.put(partition, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
        timeout = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
