package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/** A Connect worker finds the transforms through ServiceLoader, and shows their settings from CONFIG_DEF. */
class PluginDiscoveryTest {

    private static final List<Class<?>> TRANSFORMS = List.of(
            Mask.class, Hash.class, Partial.class, Columns.class, Filter.class, Quality.class, Lineage.class);

    @Test
    void everyTransformIsListedForServiceLoader() {
        List<String> found = ServiceLoader.load(Transformation.class).stream()
                .map(provider -> provider.type().getName())
                .filter(name -> name.startsWith(Mask.class.getPackageName() + "."))
                .toList();

        assertThat(found).containsExactlyInAnyOrderElementsOf(TRANSFORMS.stream().map(Class::getName).toList());
    }

    @Test
    void everyTransformStatesItsContract() throws Exception {
        for (Class<?> type : TRANSFORMS) {
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as(type + " no-arg constructor").isTrue();
            assertThat((String) type.getField("OVERVIEW_DOC").get(null)).as(type + " OVERVIEW_DOC").isNotBlank();
            ConfigDef configDef = (ConfigDef) type.getField("CONFIG_DEF").get(null);
            Transformation<?> transform = (Transformation<?>) type.getConstructor().newInstance();
            assertThat(transform.config()).as(type + " config()").isSameAs(configDef);
            assertThat(configDef.names()).as(type + " tables").contains(EnvelopeTransformation.TABLES_CONFIG);
            assertThat(configDef.configKeys().values()).as(type + " docs")
                    .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
        }
    }
}
