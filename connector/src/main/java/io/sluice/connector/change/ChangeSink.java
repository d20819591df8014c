package io.sluice.connector.change;

/** Where a {@link ChangeEventReader} puts what it reads: changes to apply, and records to quarantine. */
public interface ChangeSink {

    void change(ChangeEvent event);

    void quarantine(Quarantined record);

    /** A sink for callers that expect no record to be quarantined: a quarantined one is an error naming why. */
    static ChangeSink changesOnly(java.util.function.Consumer<ChangeEvent> changes) {
        return new ChangeSink() {
            @Override
            public void change(ChangeEvent event) {
                changes.accept(event);
            }

            @Override
            public void quarantine(Quarantined record) {
                throw new IllegalStateException("unexpected quarantine of a record of " + record.table() + " by rule '"
                        + record.rule() + "': " + record.reason());
            }
        };
    }
}
