package io.sluice.connector.change;

/** Where a {@link ChangeEventReader} puts what it reads: changes to apply, and records to quarantine. */
public interface ChangeSink {

    void change(ChangeEvent event);

    void quarantine(Quarantined record);
}
