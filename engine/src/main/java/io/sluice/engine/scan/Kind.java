package io.sluice.engine.scan;

/** A kind of personal data, with the governance transform suggested for it by default. */
public enum Kind {
    EMAIL("email", Treatment.HASH),
    PHONE("phone", Treatment.PARTIAL),
    PAYMENT_CARD("payment_card", Treatment.PARTIAL),
    IBAN("iban", Treatment.PARTIAL),
    IP_ADDRESS("ip_address", Treatment.HASH),
    US_SSN("us_ssn", Treatment.HASH),
    CN_RESIDENT_ID("cn_resident_id", Treatment.HASH),
    ES_DNI("es_dni", Treatment.HASH),
    NL_BSN("nl_bsn", Treatment.HASH),
    NATIONAL_ID("national_id", Treatment.HASH),
    PASSPORT("passport", Treatment.HASH),
    DATE_OF_BIRTH("date_of_birth", Treatment.MASK),
    PERSON_NAME("person_name", Treatment.MASK),
    POSTAL_ADDRESS("postal_address", Treatment.MASK),
    POSTCODE("postcode", Treatment.MASK);

    private final String label;
    private final Treatment treatment;

    Kind(String label, Treatment treatment) {
        this.label = label;
        this.treatment = treatment;
    }

    /** How the kind is printed, in the table and in JSON. */
    public String label() {
        return label;
    }

    /**
     * Hash what people join on or look up (e-mail addresses, national numbers, IP addresses): the
     * same value always gives the same hash. Keep the last four of what people recognize by its end
     * (cards, phones, accounts). Mask what is only ever read (names, addresses, birth dates).
     */
    Treatment defaultTreatment() {
        return treatment;
    }
}
