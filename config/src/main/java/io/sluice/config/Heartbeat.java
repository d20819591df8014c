package io.sluice.config;

import java.time.Duration;

/**
 * Heartbeats keep a source's confirmed position moving while its captured tables are quiet but the
 * server is busy, so a PostgreSQL slot does not pin WAL and fill the disk.
 *
 * @param interval how often, or null for none
 * @param query    PostgreSQL only: a statement run on the source at each heartbeat (e.g. an upsert into
 *                 a small table in the publication), so the slot advances even when nothing else is
 *                 captured; null for none
 */
public record Heartbeat(Duration interval, String query) {

    public static final Heartbeat NONE = new Heartbeat(null, null);
}
