package io.sluice.engine.forward;

/**
 * One committed change as it is forwarded.
 *
 * @param id      stable: the same change delivered again has the same id (see {@link ChangeMessages#id})
 * @param table   the source table, {@code schema.table}
 * @param payload the message, a JSON object (see config/REFERENCE.md, "forward")
 */
public record ChangeMessage(String id, String source, String table, String payload) {
}
