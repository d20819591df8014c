package io.sluice.engine.scan;

/** The governance transforms a scan suggests, by their short name in the pipeline file. */
public enum Treatment {
    /** {@code io.sluice.connector.transforms.Hash}: keyed HMAC-SHA-256, joins still work. */
    HASH("hash"),
    /** {@code io.sluice.connector.transforms.Partial} with {@code keep.last: 4}: text columns only. */
    PARTIAL("partial"),
    /** {@code io.sluice.connector.transforms.Mask}: null (or the type's zero value). */
    MASK("mask");

    private final String type;

    Treatment(String type) {
        this.type = type;
    }

    /** The {@code type} of the governance entry. */
    public String type() {
        return type;
    }

    /**
     * The kind's default, unless the column rules it out: Mask and Partial refuse key columns (masked keys
     * would merge rows), so keys are hashed; Partial masks text only, so other columns are masked whole.
     */
    static Treatment of(Kind kind, boolean keyColumn, boolean textColumn) {
        if (keyColumn) {
            return HASH;
        }
        Treatment treatment = kind.defaultTreatment();
        return treatment == PARTIAL && !textColumn ? MASK : treatment;
    }
}
