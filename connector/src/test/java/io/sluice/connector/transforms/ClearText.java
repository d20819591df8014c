package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.connector.ConnectRecord;

/** Asserts that governed records hold no clear value anywhere: key, row images, other fields, headers. */
final class ClearText {

    private ClearText() {
    }

    static void assertAbsent(ConnectRecord<?> record, String... clearValues) {
        // ConnectRecord.toString prints the key, the value (every field of every nested struct) and the headers.
        String everything = record.toString();
        for (String clear : clearValues) {
            assertThat(everything).as("clear value '%s' in %s", clear, everything).doesNotContain(clear);
        }
    }
}
