package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** REFERENCE.md documents exactly the keys the loader accepts, so the two cannot drift apart. */
class ReferenceDocTest {

    // A reference table row starts with the key path in backticks: | `sources[].port` | ...
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z][a-z0-9_.\\[\\]-]*)` \\|", Pattern.MULTILINE);

    @Test
    void everyAcceptedKeyIsDocumentedAndEveryDocumentedKeyIsAccepted() throws IOException {
        String reference = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("REFERENCE.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = KEY_ROW.matcher(reference);
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(acceptedKeys());
    }

    private static List<String> acceptedKeys() {
        List<String> keys = new ArrayList<>(PipelineBinder.KEYS);
        SourceBinder.KEYS.forEach(k -> keys.add("sources[]." + k));
        EventSourceBinder.KEYS.stream().filter(k -> !SourceBinder.KEYS.contains(k)).forEach(k -> keys.add("sources[]." + k));
        EventSourceBinder.TABLE_KEYS.forEach(k -> keys.add("sources[].tables[]." + k));
        WarehouseBinder.KEYS.forEach(k -> keys.add("warehouse." + k));
        FlushBinder.KEYS.forEach(k -> keys.add("flush." + k));
        FlushBinder.RETRY_KEYS.forEach(k -> keys.add("flush.retry." + k));
        HttpBinder.KEYS.forEach(k -> keys.add("http." + k));
        ForwardBinder.KEYS.forEach(k -> keys.add("forward[]." + k));
        keys.add("governance[].type"); // the other keys of a rule are its transform's own settings
        return keys;
    }
}
