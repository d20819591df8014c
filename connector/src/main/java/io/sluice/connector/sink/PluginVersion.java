package io.sluice.connector.sink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's version, as the build wrote it into {@code plugin.properties}; Connect shows it per plugin. */
final class PluginVersion {

    static final String VERSION = read();

    private PluginVersion() {
    }

    private static String read() {
        try (InputStream in = PluginVersion.class.getResourceAsStream("plugin.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
