package io.sluice.connectit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.connect.runtime.isolation.ClassLoaderFactory;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.PluginScanResult;
import org.apache.kafka.connect.runtime.isolation.PluginSource;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.apache.kafka.connect.runtime.isolation.ReflectionScanner;
import org.apache.kafka.connect.runtime.isolation.ServiceLoaderScanner;
import org.junit.jupiter.api.Test;

/**
 * Given the plugin zip the build leaves in connector/target, then it has Confluent Hub's layout with
 * Sluice's jar and its own dependencies only, and Connect's plugin scanning finds the sink and the seven
 * transforms in it, in an isolated class loader, through their manifests alone.
 */
class PluginArchiveIT {

    private static final String ROOT = PluginArchive.FOLDER + "/";
    private static final List<String> TRANSFORMS = List.of("Mask", "Hash", "Partial", "Columns", "Filter", "Quality",
            "Lineage");

    @Test
    void theZipHasTheConnectPluginLayout() throws IOException {
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(PluginArchive.zip().toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(entries::add);
            assertThat(entries).allSatisfy(name -> assertThat(name).startsWith(ROOT));
            assertThat(entries).contains(ROOT + "manifest.json", ROOT + "doc/README", ROOT + "lib/");

            JsonNode manifest = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry(ROOT + "manifest.json")));
            assertThat(manifest.path("owner").path("username").asText() + "-" + manifest.path("name").asText() + "-"
                    + manifest.path("version").asText()).isEqualTo(PluginArchive.FOLDER);
            assertThat(manifest.path("component_types").toString()).contains("sink", "transform");
            String readme = new String(zip.getInputStream(zip.getEntry(ROOT + "doc/README")).readAllBytes());
            assertThat(readme).contains("io.sluice.connector.sink.SluiceSinkConnector", "connection.url");
        }

        List<String> jars = entries.stream().filter(name -> name.startsWith(ROOT + "lib/") && name.endsWith(".jar"))
                .map(name -> name.substring((ROOT + "lib/").length())).toList();
        assertThat(jars).contains("sluice-connector-" + PluginArchive.VERSION + ".jar")
                .anySatisfy(jar -> assertThat(jar).startsWith("HikariCP-"))
                .anySatisfy(jar -> assertThat(jar).startsWith("postgresql-"))
                .anySatisfy(jar -> assertThat(jar).startsWith("mariadb-java-client-"))
                .anySatisfy(jar -> assertThat(jar).startsWith("duckdb_jdbc-"));
        assertThat(jars).as("Kafka's own jars, SLF4J, the engine and Debezium stay out of the plugin")
                .noneMatch(jar -> jar.startsWith("kafka") || jar.startsWith("connect-") || jar.startsWith("slf4j")
                        || jar.startsWith("sluice-engine") || jar.startsWith("sluice-config") || jar.startsWith("debezium")
                        || jar.startsWith("scala"));
    }

    @Test
    void connectFindsTheSinkAndTheTransformsInAnIsolatedClassLoaderThroughTheirManifests() throws IOException {
        assertThatThrownBy(() -> Class.forName(ConnectStack.SINK_CLASS))
                .as("Sluice is not on this test's classpath: what a worker loads comes from the plugin")
                .isInstanceOf(ClassNotFoundException.class);
        Path plugin = PluginArchive.pluginPath().resolve(PluginArchive.FOLDER);
        ClassLoaderFactory factory = new ClassLoaderFactory();
        PluginSource source = PluginUtils.isolatedPluginSource(plugin,
                factory.newDelegatingClassLoader(getClass().getClassLoader()), factory);

        PluginScanResult byManifest = new ServiceLoaderScanner().discoverPlugins(Set.of(source));
        PluginScanResult byReflection = new ReflectionScanner().discoverPlugins(Set.of(source));

        assertThat(byManifest.sinkConnectors()).singleElement().satisfies(sink -> {
            assertThat(sink.className()).isEqualTo(ConnectStack.SINK_CLASS);
            assertThat(sink.version()).isEqualTo(PluginArchive.VERSION);
            assertThat(sink.loader()).isInstanceOf(PluginClassLoader.class);
            assertThat(((PluginClassLoader) sink.loader()).location()).contains(PluginArchive.FOLDER);
        });
        assertThat(names(byManifest.transformations())).containsExactlyInAnyOrderElementsOf(
                TRANSFORMS.stream().map(name -> "io.sluice.connector.transforms." + name).toList());
        assertThat(byManifest.sourceConnectors()).isEmpty();
        // What Connect's plugin.discovery=hybrid_fail checks: nothing found by scanning lacks a manifest.
        List<String> all = new ArrayList<>();
        byReflection.forEach(desc -> all.add(desc.className()));
        List<String> listed = new ArrayList<>();
        byManifest.forEach(desc -> listed.add(desc.className()));
        Collections.sort(all);
        Collections.sort(listed);
        assertThat(listed).isEqualTo(all);
    }

    private static Set<String> names(Set<? extends PluginDesc<?>> plugins) {
        return plugins.stream().map(PluginDesc::className).collect(Collectors.toCollection(TreeSet::new));
    }
}
