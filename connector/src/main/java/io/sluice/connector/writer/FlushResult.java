package io.sluice.connector.writer;

/** What one flush wrote. */
public record FlushResult(int upserted, int deleted, long nanos) {
}
