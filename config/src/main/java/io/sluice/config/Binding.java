package io.sluice.config;

import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** What every part of the binding shares: where problems go, and how references resolve. */
record Binding(ConfigErrors errors, ValueResolver resolver) {

    /** The scalar with its references resolved, or empty when one could not be (already reported). */
    Optional<Scalar> resolve(ScalarNode node, String keyPath, boolean secret) {
        String written = node.getValue();
        String value = resolver.resolve(written, problem -> errors.at(node.getStartMark(), keyPath, problem));
        return value == null
                ? Optional.empty()
                : Optional.of(new Scalar(value, written, keyPath, node.getStartMark(), secret));
    }
}
