package io.sluice.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given a column's name and sampled values, the classifier names the kind of personal data it holds
 * and how sure it is, or nothing: by the name, by the share of values that pass the kind's check,
 * and never by values that only share a format with it.
 */
class ScanClassifierTest {

    private static final ColumnClassifier CLASSIFIER = new ColumnClassifier(LocalDate.of(2026, 1, 1));

    private static final List<String> EMAILS = List.of("john.smith@example.com", "maria@example.org",
            "wei.wang@example.cn", "sophie@example.nl", "pierre@example.fr");
    private static final List<String> CARDS = List.of("4111111111111111", "5500005555555559", "340000000000009",
            "4012888888881881", "6011111111111117");
    private static final List<String> LUHN_FAILING = List.of("5260181590830166", "4318609139099603",
            "4824628194821993", "5181909378657975", "5323194875749118");

    static Stream<Arguments> columns() {
        return Stream.of(
                found("email", EMAILS, Kind.EMAIL, Confidence.HIGH, true),
                found("contact", EMAILS, Kind.EMAIL, Confidence.HIGH, false),
                found("customerEMail", EMAILS, Kind.EMAIL, Confidence.HIGH, true),
                found("email_address", EMAILS, Kind.EMAIL, Confidence.HIGH, true),
                found("email", List.of("n/a", "unknown"), Kind.EMAIL, Confidence.MEDIUM, true),
                found("notes", List.of("call back", "maria@example.org", "VIP", "late payer", "john@example.com",
                        "prefers mornings", "n/a", "ok", "moved", "see ticket"), Kind.EMAIL, Confidence.LOW, false),
                none("notes", List.of("call back", "maria@example.org", "VIP", "late payer", "ok")),
                none("email_verified", List.of("t", "f")),
                none("card_type", List.of("visa", "amex")),

                found("cc", CARDS, Kind.PAYMENT_CARD, Confidence.HIGH, false),
                found("card_number", CARDS, Kind.PAYMENT_CARD, Confidence.HIGH, true),
                found("card_number", concat(CARDS.subList(0, 4), LUHN_FAILING.subList(0, 1)), Kind.PAYMENT_CARD,
                        Confidence.HIGH, true),
                none("order_number", LUHN_FAILING),
                // one in ten random numbers passes Luhn by chance: that is no card column
                none("order_number", concat(CARDS.subList(0, 1), LUHN_FAILING)),
                found("card_number", LUHN_FAILING, Kind.PAYMENT_CARD, Confidence.MEDIUM, true),

                found("phone", List.of("(212) 555-0187", "+86 139 1234 5678", "+49 30 901820"), Kind.PHONE,
                        Confidence.HIGH, true),
                found("home_phone", List.of("2125550187", "4155550132"), Kind.PHONE, Confidence.HIGH, true),
                none("reference", List.of("2125550187", "4155550132")),
                found("mobile", List.of("13812345678", "13912345678"), Kind.PHONE, Confidence.HIGH, true),

                found("ssn", List.of("536221234", "123456789"), Kind.US_SSN, Confidence.HIGH, true),
                found("tax_ref", List.of("536-22-1234", "123-45-6789"), Kind.US_SSN, Confidence.HIGH, false),
                none("badge", List.of("000-12-3456", "666-12-3456", "912-34-5678")),
                found("bsn", List.of("111222333", "123456782", "260875089"), Kind.NL_BSN, Confidence.HIGH, true),
                found("code", List.of("111222333", "123456782", "260875089"), Kind.NL_BSN, Confidence.HIGH, false),
                none("code", List.of("123456789", "987654321", "555555555")),
                found("national_id", List.of("110105194912314645", "310104198503128787"), Kind.CN_RESIDENT_ID,
                        Confidence.HIGH, false),
                none("legacy_id", List.of("110105194912314649", "310104198503128788")),
                found("id_number", List.of("AB-1234"), Kind.NATIONAL_ID, Confidence.MEDIUM, true),
                found("dni", List.of("12345678Z", "X1234567L"), Kind.ES_DNI, Confidence.HIGH, true),
                found("passport_no", List.of("E12345678", "C01X00T47"), Kind.PASSPORT, Confidence.HIGH, true),
                none("batch", List.of("E12345678", "C01X00T47")),
                found("iban", List.of("DE89370400440532013000", "NL91ABNA0417164300"), Kind.IBAN, Confidence.HIGH,
                        true),
                none("bank_ref", List.of("DE89370400440532013001", "NL19ABNA0417164300")),

                found("last_ip", List.of("192.168.0.1", "2001:db8::1"), Kind.IP_ADDRESS, Confidence.HIGH, true),
                found("origin", List.of("192.168.0.1", "2001:db8::1"), Kind.IP_ADDRESS, Confidence.HIGH, false),
                found("ip_address", List.of("192.168.0.1"), Kind.IP_ADDRESS, Confidence.HIGH, true),
                none("device_mac", List.of("00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5F")),

                found("birth_date", List.of("1985-03-12", "2015-06-01"), Kind.DATE_OF_BIRTH, Confidence.HIGH, true),
                found("dob", List.of("x"), Kind.DATE_OF_BIRTH, Confidence.MEDIUM, true),
                found("reference_date", List.of("1950-01-02", "1975-05-05", "1990-12-31"), Kind.DATE_OF_BIRTH,
                        Confidence.LOW, false),
                none("created", List.of("2024-01-02", "2025-05-05", "2023-12-31")),
                none("birth_place", List.of("Paris", "Madrid")),

                found("first_name", List.of("John", "Maria", "Wei"), Kind.PERSON_NAME, Confidence.HIGH, true),
                found("name", List.of("John Smith", "王芳", "Sophie Müller"), Kind.PERSON_NAME, Confidence.HIGH, false),
                found("last_name", List.of("Xyzzy", "Quux"), Kind.PERSON_NAME, Confidence.MEDIUM, true),
                none("name", List.of("Wireless Mouse", "Green Tea", "USB-C Cable", "Espresso Machine")),
                none("item_name", List.of("Wireless Mouse", "Desk Lamp")),

                found("street", List.of("12 Baker Street", "Hauptstraße 5"), Kind.POSTAL_ADDRESS, Confidence.HIGH,
                        true),
                found("shipping", List.of("12 Baker Street", "北京市朝阳区建国路88号"), Kind.POSTAL_ADDRESS,
                        Confidence.HIGH, false),
                found("zip", List.of("10115", "SW1A 1AA"), Kind.POSTCODE, Confidence.HIGH, true),
                none("code", List.of("10115", "20095")),
                none("sku", List.of("3f2a9c4e1b7d40a8b6c5d4e3f2a1b0c9", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e")),

                found("email", List.of(), Kind.EMAIL, Confidence.MEDIUM, true),
                found("邮箱", EMAILS, Kind.EMAIL, Confidence.HIGH, true),
                found("身份证号", List.of("110105194912314645"), Kind.CN_RESIDENT_ID, Confidence.HIGH, true));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("columns")
    void classifiesByNameAndValues(String name, List<String> values, Expected expected) {
        Optional<Classification> found = CLASSIFIER.classify(new SampledColumn(name, "text", true, false, values));

        if (expected == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).isPresent();
            assertThat(new Expected(found.get().kind(), found.get().confidence(), found.get().byName()))
                    .isEqualTo(expected);
        }
    }

    @Test
    void countsMatchingAndSampledValuesAndMasksTheFirstMatchingOne() {
        Classification found = CLASSIFIER.classify(new SampledColumn("email", "text", true, false,
                List.of("none", "john.smith@example.com", "maria@example.org", "wei@example.cn", "x@example.com",
                        "y@example.com"))).orElseThrow();

        assertThat(found.matching()).isEqualTo(5);
        assertThat(found.sampled()).isEqualTo(6);
        assertThat(found.example()).isEqualTo("j*********@e******.com");
    }

    @Test
    void aColumnWithoutValuesHasNoExample() {
        assertThat(CLASSIFIER.classify(new SampledColumn("email", "text", true, false, List.of())).orElseThrow().example())
                .isNull();
    }

    @Test
    void aKeyColumnIsHashedAndANumberColumnMaskedWholeBecauseMaskAndPartialRefuseThem() {
        assertThat(Treatment.of(Kind.PHONE, false, true)).isEqualTo(Treatment.PARTIAL);
        assertThat(Treatment.of(Kind.PHONE, true, true)).isEqualTo(Treatment.HASH);
        assertThat(Treatment.of(Kind.PHONE, false, false)).isEqualTo(Treatment.MASK);
        assertThat(Treatment.of(Kind.PERSON_NAME, true, true)).isEqualTo(Treatment.HASH);
        assertThat(Treatment.of(Kind.EMAIL, false, true)).isEqualTo(Treatment.HASH);
        assertThat(Treatment.of(Kind.DATE_OF_BIRTH, false, false)).isEqualTo(Treatment.MASK);
    }

    private record Expected(Kind kind, Confidence confidence, boolean byName) {
        @Override
        public String toString() {
            return kind.label() + " " + confidence.label() + (byName ? " by name" : "");
        }
    }

    private static Arguments found(String name, List<String> values, Kind kind, Confidence confidence, boolean byName) {
        return Arguments.of(name, values, new Expected(kind, confidence, byName));
    }

    private static Arguments none(String name, List<String> values) {
        return Arguments.of(name, values, null);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
