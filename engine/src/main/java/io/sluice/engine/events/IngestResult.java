package io.sluice.engine.events;

import java.util.List;

/**
 * What became of one request's events once the warehouse committed them.
 *
 * @param received    events in the request
 * @param applied     written (merged per key with the others of the commit)
 * @param duplicates  not applied again: their event id, or the request's idempotency key, was applied before
 * @param quarantined put in the quarantine table, with {@code errors} saying why
 * @param errors      why each quarantined event did not fit, e.g. {@code line 3: field 'amount': ...}
 */
public record IngestResult(int received, int applied, int duplicates, int quarantined, List<String> errors) {
}
