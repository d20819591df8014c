package io.sluice.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of the pipeline file, read key by key. An accessor that finds something wrong reports
 * it and returns empty, so binding carries on and a file's problems are all reported in one run.
 */
final class YamlMapping {

    /** Values of these keys are never repeated in error messages. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "url", "uri", "key", "token", "secret");

    private final MappingNode node;
    private final String path;
    private final Binding binding;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    // Each scalar is resolved once, so a bad reference is reported once however often it is read.
    private final Map<String, Optional<Scalar>> scalars = new HashMap<>();

    private YamlMapping(MappingNode node, String path, Binding binding) {
        this.node = node;
        this.path = path;
        this.binding = binding;
        for (NodeTuple entry : node.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                binding.errors().at(keyNode.getStartMark(), path, "a key must be a plain name, not a list or mapping");
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), entry);
            if (first != null) {
                binding.errors().at(keyNode.getStartMark(), pathOf(key.getValue()), "duplicate key (first at line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + "); keep only one");
            }
        }
    }

    /** The node as a mapping, or empty after reporting what it is instead. */
    static Optional<YamlMapping> of(Node node, String path, String expected, Binding binding) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMapping(mapping, path, binding));
        }
        binding.errors().at(node.getStartMark(), path, "expected " + expected + ", got " + kindOf(node));
        return Optional.empty();
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Reports each key not in {@code allowed}, suggesting the allowed key it is closest to. */
    void rejectUnknownKeys(List<String> allowed) {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            if (!allowed.contains(key)) {
                String fix = Suggestions.closest(key, allowed)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("allowed here: " + String.join(", ", allowed));
                binding.errors().at(entry.getValue().getKeyNode().getStartMark(), pathOf(key), "unknown key; " + fix);
            }
        }
    }

    /** Reports a problem at the key itself, e.g. a key that does not apply to this kind of source. */
    void reportKey(String key, String message) {
        binding.errors().at(entries.get(key).getKeyNode().getStartMark(), pathOf(key), message);
    }

    /** Reports a problem at the key's value. */
    void reportValue(String key, String message) {
        binding.errors().at(entries.get(key).getValueNode().getStartMark(), pathOf(key), message);
    }

    /** The value of an optional key, parsed; empty when absent, empty ({@code key:}), or wrong (reported). */
    <T> Optional<T> optional(String key, ScalarParser<T> parser) {
        return scalar(key).flatMap(s -> s.parse(parser, binding.errors()));
    }

    /** As {@link #optional}, but a missing key is reported, with {@code fix} saying what to add. */
    <T> Optional<T> required(String key, ScalarParser<T> parser, String fix) {
        return present(key, fix) ? optional(key, parser) : Optional.empty();
    }

    /** The resolved scalar of a key; empty when absent, null, not a scalar, or unresolvable. */
    Optional<Scalar> scalar(String key) {
        return scalars.computeIfAbsent(key, k -> value(k).flatMap(valueNode -> {
            if (valueNode instanceof ScalarNode scalar) {
                return binding.resolve(scalar, pathOf(k), SECRET_KEYS.contains(k));
            }
            binding.errors().at(valueNode.getStartMark(), pathOf(k), "expected a single value, got " + kindOf(valueNode));
            return Optional.empty();
        }));
    }

    /** A nested mapping; empty when absent or not a mapping (reported). */
    Optional<YamlMapping> mapping(String key, String expected) {
        return value(key).flatMap(v -> of(v, pathOf(key), expected, binding));
    }

    /** As {@link #mapping}, but a missing key is reported, with {@code fix} saying what to add. */
    Optional<YamlMapping> requiredMapping(String key, String expected, String fix) {
        return present(key, fix) ? mapping(key, expected) : Optional.empty();
    }

    /** A required, non-empty list of scalars, each parsed; bad items are reported and left out. */
    <T> Optional<List<T>> requiredList(String key, ScalarParser<T> itemParser, String fix) {
        return requiredSequence(key, fix).map(sequence -> {
            List<T> items = new ArrayList<>();
            List<Node> nodes = sequence.getValue();
            for (int i = 0; i < nodes.size(); i++) {
                String itemPath = pathOf(key) + "[" + i + "]";
                Node item = nodes.get(i);
                if (item instanceof ScalarNode scalar && !isNull(scalar)) {
                    binding.resolve(scalar, itemPath, false)
                            .flatMap(s -> s.parse(itemParser, binding.errors()))
                            .ifPresent(items::add);
                } else {
                    binding.errors().at(item.getStartMark(), itemPath, "expected a single value, got " + kindOf(item));
                }
            }
            return items;
        });
    }

    /** An optional, non-empty list of scalars; empty when the key is absent. */
    <T> Optional<List<T>> optionalList(String key, ScalarParser<T> itemParser) {
        return has(key) ? requiredList(key, itemParser, "") : Optional.empty();
    }

    /** Every entry's value as a non-empty list of scalars, in file order, e.g. {@code keys: {public.t: [a, b]}}. */
    <T> Map<String, List<T>> listEntries(ScalarParser<T> itemParser) {
        Map<String, List<T>> values = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            requiredList(key, itemParser, "").ifPresent(list -> values.put(key, list));
        }
        return values;
    }

    /** The keys in file order. */
    java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    /** Every entry's value parsed, in file order; a missing or bad value is reported at its key and left out. */
    <T> Map<String, T> parsedEntries(ScalarParser<T> parser, String fix) {
        Map<String, T> values = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            if (isNull(entries.get(key).getValueNode())) {
                reportKey(key, "has no value; " + fix);
            } else {
                optional(key, parser).ifPresent(value -> values.put(key, value));
            }
        }
        return values;
    }

    /**
     * Every entry but {@code except} as text, for settings handed on to another component as they are:
     * a single value as it is, a list as its items joined with commas. A nested mapping is reported.
     */
    Map<String, String> settings(Set<String> except) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue().getValueNode();
            if (except.contains(key)) {
                continue;
            }
            if (value instanceof SequenceNode) {
                optionalList(key, ScalarParsers.TEXT).ifPresent(items -> values.put(key, String.join(",", items)));
            } else if (value instanceof MappingNode) {
                reportValue(key, "expected a single value or a list, got a mapping");
            } else if (isNull(value)) {
                reportKey(key, "has no value; give it one or remove the key");
            } else {
                scalar(key).ifPresent(s -> values.put(key, s.value()));
            }
        }
        return values;
    }

    /** The line (1-based) where this mapping starts. */
    int line() {
        return start().getLine() + 1;
    }

    /** The column (1-based) where this mapping starts. */
    int column() {
        return start().getColumn() + 1;
    }

    /** A required, non-empty list of mappings; items that are not mappings are reported and left out. */
    Optional<List<YamlMapping>> requiredMappings(String key, String expectedItem, String fix) {
        return requiredSequence(key, fix).map(sequence -> {
            List<YamlMapping> items = new ArrayList<>();
            List<Node> nodes = sequence.getValue();
            for (int i = 0; i < nodes.size(); i++) {
                of(nodes.get(i), pathOf(key) + "[" + i + "]", expectedItem, binding).ifPresent(items::add);
            }
            return items;
        });
    }

    /** Every entry as a string, for passthrough maps; entries without a single value are reported. */
    Map<String, String> stringEntries() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (isNull(entry.getValue().getValueNode())) {
                reportKey(entry.getKey(), "has no value; give it one or remove the key");
            } else {
                scalar(entry.getKey()).ifPresent(s -> values.put(entry.getKey(), s.value()));
            }
        }
        return values;
    }

    private Optional<SequenceNode> requiredSequence(String key, String fix) {
        if (!present(key, fix)) {
            return Optional.empty();
        }
        Node value = entries.get(key).getValueNode();
        if (!(value instanceof SequenceNode sequence)) {
            reportValue(key, "expected a list, got " + kindOf(value) + "; " + fix);
            return Optional.empty();
        }
        if (sequence.getValue().isEmpty()) {
            reportValue(key, "the list is empty; " + fix);
            return Optional.empty();
        }
        return Optional.of(sequence);
    }

    /** Reports a key that is missing (at this mapping) or has no value (at the key); true when it has one. */
    private boolean present(String key, String fix) {
        if (!entries.containsKey(key)) {
            binding.errors().at(start(), pathOf(key), "missing required key; " + fix);
            return false;
        }
        if (isNull(entries.get(key).getValueNode())) {
            reportKey(key, "has no value; " + fix);
            return false;
        }
        return true;
    }

    private Mark start() {
        return node.getStartMark();
    }

    /** The value node of a key that is present and not null ({@code key:}, {@code key: ~}). */
    private Optional<Node> value(String key) {
        NodeTuple entry = entries.get(key);
        return entry == null || isNull(entry.getValueNode()) ? Optional.empty() : Optional.of(entry.getValueNode());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What a node is, in words, without its content (which may be secret). */
    private static String kindOf(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "a single value";
    }
}
