package io.sluice.engine.check;

import java.util.Locale;

/** Byte counts as people read them: {@code 512 B}, {@code 48.0 MB}, {@code 1.2 GB} (1 KB = 1024 B). */
final class HumanBytes {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private HumanBytes() {
    }

    static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
