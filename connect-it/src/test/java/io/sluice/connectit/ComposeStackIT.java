package io.sluice.connectit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.isolation.ClassLoaderFactory;
import org.apache.kafka.connect.runtime.isolation.PluginSource;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.junit.jupiter.api.Test;

/**
 * Given docker-compose.yml and the example connector configurations beside it, then Docker Compose accepts
 * the file with every image pinned to a version, and the examples name real settings of real plugins.
 */
class ComposeStackIT {

    private static final Path ROOT = Path.of(System.getProperty("sluice.repository.root", "..")).toAbsolutePath().normalize();
    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image:\\s*(\\S+)\\s*$");

    @Test
    void dockerComposeAcceptsTheFileAndEveryImageIsPinned() throws Exception {
        Path file = ROOT.resolve("docker-compose.yml");
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-f", file.toString(), "config"));

        Result config = run(command);

        assertThat(config.exitCode).as(String.join(" ", command) + " says:\n" + config.output).isZero();
        assertThat(config.output).contains("source-postgres:", "source-mariadb:", "warehouse:", "kafka:", "connect:",
                "engine:", "wal_level=logical", "--binlog-format=ROW",
                "sluice-connect-plugin-" + PluginArchive.VERSION + ".zip");
        Matcher images = IMAGE.matcher(config.output);
        List<String> found = new ArrayList<>();
        while (images.find()) {
            found.add(images.group(1));
        }
        assertThat(found).hasSize(7).allSatisfy(image -> {
            String tag = image.substring(image.lastIndexOf('/') + 1);
            assertThat(tag).as(image + " is pinned").contains(":").doesNotEndWith(":latest");
            assertThat(tag.substring(tag.indexOf(':') + 1)).as(image + " names a version").matches(".*\\d.*");
        });
    }

    @Test
    void theExampleConnectorsNameRealPluginsAndTheSinkConfigurationIsValid() throws Exception {
        Map<String, JsonNode> examples = new HashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("examples/connect"))) {
            for (Path json : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                JsonNode example = new ObjectMapper().readTree(json.toFile());
                assertThat(example.path("name").asText()).as(json + " name").isNotBlank();
                examples.put(example.path("name").asText(), example.path("config"));
            }
        }
        assertThat(examples).containsOnlyKeys("pg-source", "maria-source", "warehouse-sink");
        assertThat(examples.get("pg-source").path("connector.class").asText())
                .isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(examples.get("maria-source").path("connector.class").asText())
                .isEqualTo("io.debezium.connector.mariadb.MariaDbConnector");

        // The sink, loaded from the plugin as a worker would, validates the example: only the warehouse
        // (a host of the compose stack) cannot be reached from here.
        Map<String, String> sink = new HashMap<>();
        examples.get("warehouse-sink").fields().forEachRemaining(field -> sink.put(field.getKey(), field.getValue().asText()));
        sink.put("name", "warehouse-sink");
        sink.put("connection.url", "jdbc:postgresql://127.0.0.1:1/warehouse");
        ClassLoaderFactory factory = new ClassLoaderFactory();
        PluginSource plugin = PluginUtils.isolatedPluginSource(PluginArchive.pluginPath().resolve(PluginArchive.FOLDER),
                factory.newDelegatingClassLoader(getClass().getClassLoader()), factory);
        Connector connector = (Connector) plugin.loader().loadClass(sink.get("connector.class")).getConstructor().newInstance();
        List<String> errors = new ArrayList<>();
        for (ConfigValue value : connector.validate(sink).configValues()) {
            value.errorMessages().forEach(error -> errors.add(value.name() + ": " + error));
        }
        assertThat(errors).singleElement().asString().startsWith("connection.url: cannot connect to the warehouse");
    }

    /** {@code docker compose} (the Docker client's plugin), else the stand-alone {@code docker-compose}. */
    private static List<String> composeCommand() throws InterruptedException {
        List<String> tried = new ArrayList<>();
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Result result = run(version);
                if (result.exitCode == 0) {
                    return candidate;
                }
                tried.add(String.join(" ", candidate) + " (exit " + result.exitCode + ": " + result.output.strip() + ")");
            } catch (IOException notInstalled) {
                tried.add(String.join(" ", candidate) + " (" + notInstalled.getMessage() + ")");
            }
        }
        return fail("checking docker-compose.yml needs Docker Compose: the Docker client's 'docker compose' plugin"
                + " or the 'docker-compose' command (Debian package docker-compose; .ci/run installs it). Tried: "
                + String.join("; ", tried));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
