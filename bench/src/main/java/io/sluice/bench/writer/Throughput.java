package io.sluice.bench.writer;

/** How many events or rows a run wrote, and in how much measured wall-clock time. */
public record Throughput(long count, long nanos) {

    public double seconds() {
        return nanos / 1e9;
    }

    public double perSecond() {
        return nanos == 0 ? 0 : count / seconds();
    }
}
