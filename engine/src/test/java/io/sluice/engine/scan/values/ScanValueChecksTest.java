package io.sluice.engine.scan.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a value, each check says whether it is of its kind (VALID), has the kind's format but fails
 * its check digit or rules (LOOKALIKE), or is something else (NO_MATCH). Check digits were computed
 * apart from the code under test; cards and IBANs are the networks' and the registry's own examples.
 */
class ScanValueChecksTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "79927398713, true",
        "4111111111111111, true",
        "0000000000000000, true",
        "79927398710, false",
        "4111111111111112, false",
        "1, false",
        "'', false",
        "12a4, false",
    })
    void luhn(String digits, boolean valid) {
        assertThat(Luhn.isValid(digits)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4111111111111111, VALID",
        "4111 1111 1111 1111, VALID",
        "5500-0055-5555-5559, VALID",
        "340000000000009, VALID",
        "378282246310005, VALID",
        "4222222222222, VALID",
        "6011111111111117, VALID",
        "3530111333300000, VALID",
        "6200000000000005, VALID",
        "2223003122003222, VALID",
        "4111111111111112, LOOKALIKE",
        "5260181590830166, LOOKALIKE",
        "4318609139099603, LOOKALIKE",
        "1234567812345670, LOOKALIKE",
        "9111111111111111, LOOKALIKE",
        "41111111111, NO_MATCH",
        "4111 1111 1111 111a, NO_MATCH",
        "4111  1111 1111 1111, NO_MATCH",
    })
    void paymentCardNeedsAnIssuerPrefixAndTheLuhnDigit(String value, Verdict verdict) {
        assertThat(PaymentCard.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "DE89370400440532013000, VALID",
        "DE89 3704 0044 0532 0130 00, VALID",
        "de89370400440532013000, VALID",
        "GB82WEST12345698765432, VALID",
        "NL91ABNA0417164300, VALID",
        "FR1420041010050500013M02606, VALID",
        "ES9121000418450200051332, VALID",
        "BE68539007547034, VALID",
        "NO9386011117947, VALID",
        "DE89370400440532013001, LOOKALIKE",
        "GB82WEST12345698765433, LOOKALIKE",
        "NL19ABNA0417164300, LOOKALIKE",
        "DE8937040044053201300, NO_MATCH",
        "XX89370400440532013000, NO_MATCH",
        "DE89 3704, NO_MATCH",
        "hello, NO_MATCH",
    })
    void ibanNeedsTheCountrysLengthAndMod97(String value, Verdict verdict) {
        assertThat(Iban.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "11010519491231002X, VALID",
        "11010519491231002x, VALID",
        "110105194912314645, VALID",
        "310104198503128787, VALID",
        "330106200109301955, VALID",
        "110105194912314649, LOOKALIKE",
        "51010719780215876X, LOOKALIKE",
        "990105194912314645, LOOKALIKE",
        "110105194902304645, LOOKALIKE",
        "110105209912314645, LOOKALIKE",
        "110105189912314645, LOOKALIKE",
        "11010519491231002, NO_MATCH",
        "11010519491231002Y, NO_MATCH",
        "1101051949123100XX, NO_MATCH",
    })
    void chineseResidentIdNeedsAProvinceABirthDateAndTheGb11643CheckCharacter(String value, Verdict verdict) {
        assertThat(ChineseResidentId.check(value, LocalDate.of(2026, 1, 1))).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "536-22-1234, VALID",
        "123-45-6789, VALID",
        "123 45 6789, VALID",
        "000-12-3456, LOOKALIKE",
        "666-12-3456, LOOKALIKE",
        "912-34-5678, LOOKALIKE",
        "123-00-4567, LOOKALIKE",
        "123-45-0000, LOOKALIKE",
        "078-05-1120, LOOKALIKE",
        "536221234, NO_MATCH",
        "123-45-678, NO_MATCH",
        "123-45 6789, NO_MATCH",
    })
    void usSocialSecurityNumberFollowsTheAllocationRules(String value, Verdict verdict) {
        assertThat(UsSocialSecurityNumber.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "536221234, VALID",
        "000123456, LOOKALIKE",
        "53622123, NO_MATCH",
    })
    void bareSocialSecurityNumbersCountOnlyWhenTheColumnIsNamedSo(String value, Verdict verdict) {
        assertThat(UsSocialSecurityNumber.check(value, true)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "12345678Z, VALID",
        "12345678-z, VALID",
        "87654321X, VALID",
        "X1234567L, VALID",
        "Y7654321G, VALID",
        "Z0123456C, VALID",
        "12345678A, LOOKALIKE",
        "X1234567A, LOOKALIKE",
        "1234567Z, NO_MATCH",
        "ABCDEFGHZ, NO_MATCH",
    })
    void spanishDniLetterIsTheNumberModulo23(String value, Verdict verdict) {
        assertThat(SpanishDni.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "111222333, VALID",
        "123456782, VALID",
        "1234.56.782, VALID",
        "260875089, VALID",
        "123456789, LOOKALIKE",
        "000000000, LOOKALIKE",
        "12345678, NO_MATCH",
        "1234567890, NO_MATCH",
        "12345678a, NO_MATCH",
    })
    void dutchBsnPassesTheElevenTest(String value, Verdict verdict) {
        assertThat(DutchBsn.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "john.smith@example.com, VALID",
        "a+b@sub.example.co.uk, VALID",
        "josé@exämple.de, VALID",
        "x@xn--80ak6aa92e.com, VALID",
        "info@пример.рф, VALID",
        "x@xn--p1ai, NO_MATCH",
        "john@, NO_MATCH",
        "@example.com, NO_MATCH",
        "john@@example.com, NO_MATCH",
        "john..smith@example.com, NO_MATCH",
        ".john@example.com, NO_MATCH",
        "john@example, NO_MATCH",
        "john@example.c, NO_MATCH",
        "john@example.123, NO_MATCH",
        "john@-example.com, NO_MATCH",
        "john smith@example.com, NO_MATCH",
        "john@exa_mple.com, NO_MATCH",
    })
    void emailAddress(String value, Verdict verdict) {
        assertThat(EmailAddress.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "+1 415-555-0132, VALID",
        "+14155550132, VALID",
        "(212) 555-0187, VALID",
        "212-555-0187, VALID",
        "1-212-555-0187, VALID",
        "212.555.0187, VALID",
        "13812345678, VALID",
        "138 1234 5678, VALID",
        "138-1234-5678, VALID",
        "+86 139 1234 5678, VALID",
        "+86 10 6552 9988, VALID",
        "+49 30 901820, VALID",
        "0049 30 901820, VALID",
        "+44 20 7946 0958, VALID",
        "+31 6 12345678, VALID",
        "06-12345678, VALID",
        "01 42 68 53 00, VALID",
        "2125550187, NO_MATCH",
        "+1 111-555-0132, NO_MATCH",
        "(212) 911-0187, NO_MATCH",
        "+86 12 3456 7890, NO_MATCH",
        "+0 123 456789, NO_MATCH",
        "+28 1234 5678, NO_MATCH",
        "12345, NO_MATCH",
        "2024-01-15, NO_MATCH",
        "12312345678, NO_MATCH",
        "1234-5678-9012-3456, NO_MATCH",
        "call 212-555-0187, NO_MATCH",
    })
    void phoneNumberByItsForm(String value, Verdict verdict) {
        assertThat(PhoneNumber.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2125550187, VALID",
        "12125550187, VALID",
        "1115550187, NO_MATCH",
    })
    void bareNorthAmericanNumbersCountOnlyWhenTheColumnIsNamedPhone(String value, Verdict verdict) {
        assertThat(PhoneNumber.check(value, true)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "192.168.0.1, VALID",
        "8.8.8.8, VALID",
        "255.255.255.255, VALID",
        "2001:db8::1, VALID",
        "::1, VALID",
        "::, VALID",
        "fe80::1ff:fe23:4567:890a, VALID",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334, VALID",
        "::ffff:192.0.2.128, VALID",
        "fe80::1%eth0, VALID",
        "256.1.1.1, NO_MATCH",
        "192.168.01.1, NO_MATCH",
        "1.2.3, NO_MATCH",
        "1.2.3.4.5, NO_MATCH",
        "00:1A:2B:3C:4D:5E, NO_MATCH",
        "12:30, NO_MATCH",
        "2001:db8:::1, NO_MATCH",
        "1::2::3, NO_MATCH",
        "g::1, NO_MATCH",
        "::ffff:192.0.2.256, NO_MATCH",
        "1.2.3.4::, NO_MATCH",
        "1:2:3:4:5:6:7:8:9, NO_MATCH",
        "3f2a9c4e1b7d40a8b6c5d4e3f2a1b0c9, NO_MATCH",
    })
    void ipAddress(String value, Verdict verdict) {
        assertThat(IpAddress.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1985-03-12, VALID",
        "1985-03-12T00:00, VALID",
        "1985-03-12 00:00:00, VALID",
        "1985/3/12, VALID",
        "12.03.1985, VALID",
        "25/03/1985, VALID",
        "03/25/1985, VALID",
        "1985年3月12日, VALID",
        "2020-01-01, LOOKALIKE",
        "1850-06-01, LOOKALIKE",
        "1985-02-30, NO_MATCH",
        "1985-03-12T10:15, NO_MATCH",
        "12.13.1985, NO_MATCH",
        "19850312, NO_MATCH",
        "hello, NO_MATCH",
    })
    void birthDateIsARealDateInTheRange(String value, Verdict verdict) {
        BirthDate check = new BirthDate(LocalDate.of(1900, 1, 1), LocalDate.of(2010, 12, 31));
        assertThat(check.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "John Smith, VALID",
        "'Smith, John', VALID",
        "maria, VALID",
        "Müller, VALID",
        "Wang Wei, VALID",
        "Jan de Vries, VALID",
        "García López, VALID",
        "ANNA SCHMIDT, VALID",
        "王芳, VALID",
        "欧阳娜娜, VALID",
        "Green Tea, NO_MATCH",
        "White Mug, NO_MATCH",
        "Wireless Mouse, NO_MATCH",
        "John 3000, NO_MATCH",
        "Apple, NO_MATCH",
        "苹果手机, NO_MATCH",
        "王, NO_MATCH",
        "john smith james brown mary, NO_MATCH",
    })
    void personNameFromTheEmbeddedLists(String value, Verdict verdict) {
        assertThat(PersonName.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "12 Baker Street, VALID",
        "1600 Pennsylvania Ave NW, VALID",
        "5 rue de Rivoli, VALID",
        "'Calle Mayor 5, Madrid', VALID",
        "'Hauptstraße 5, 10115 Berlin', VALID",
        "Kalverstraat 12, VALID",
        "北京市朝阳区建国路88号, VALID",
        "上海市浦东新区世纪大道100号, VALID",
        "Baker Street, NO_MATCH",
        "Wireless Mouse 2, NO_MATCH",
        "Order 12345, NO_MATCH",
        "北京, NO_MATCH",
        "Street, NO_MATCH",
    })
    void postalAddressHasAHouseNumberAndAStreet(String value, Verdict verdict) {
        assertThat(PostalAddress.check(value)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10115, VALID",
        "94105-1804, VALID",
        "SW1A 1AA, VALID",
        "1012 NX, VALID",
        "K1A 0B1, VALID",
        "100022, VALID",
        "00-950, VALID",
        "ABCDE, NO_MATCH",
        "1234567, NO_MATCH",
    })
    void postcode(String value, Verdict verdict) {
        assertThat(Postcode.check(value)).isEqualTo(verdict);
    }
}
