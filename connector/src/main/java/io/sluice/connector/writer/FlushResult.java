package io.sluice.connector.writer;

/** What one flush wrote: rows upserted and deleted, records quarantined, and how long it took. */
public record FlushResult(int upserted, int deleted, int quarantined, long nanos) {
}
