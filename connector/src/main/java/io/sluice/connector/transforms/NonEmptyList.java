package io.sluice.connector.transforms;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validates a list setting that needs at least one entry, none of them blank. */
final class NonEmptyList implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(item -> item.toString().isBlank())) {
            throw new ConfigException(name, value, "give at least one entry, comma-separated, none empty");
        }
    }

    @Override
    public String toString() {
        return "non-empty list";
    }
}
