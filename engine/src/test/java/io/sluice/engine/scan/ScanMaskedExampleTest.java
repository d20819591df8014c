package io.sluice.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Given a sampled value, the example printed keeps its shape and a small hint, never the value. */
class ScanMaskedExampleTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "EMAIL          | john@example.com            | j***@e******.com",
        "EMAIL          | wei.wang@mail.example.cn    | w*******@m***.e******.cn",
        "EMAIL          | n/a                         | */*",
        "PAYMENT_CARD   | 4111111111111111            | ************1111",
        "PAYMENT_CARD   | 4111 1111 1111 1111         | **** **** **** 1111",
        "IBAN           | DE89 3704 0044 0532 0130 00 | **** **** **** **** **30 00",
        "PHONE          | +86 139 1234 5678           | +** *** **** 5678",
        "PHONE          | (212) 555-0187              | (***) ***-0187",
        "US_SSN         | 536-22-1234                 | ***-**-**34",
        "CN_RESIDENT_ID | 11010519491231002X          | ****************2X",
        "ES_DNI         | 12345678Z                   | *******8Z",
        "NL_BSN         | 111222333                   | *******33",
        "IP_ADDRESS     | 203.0.113.7                 | 203.*.*.*",
        "IP_ADDRESS     | 2001:db8::1                 | 2001:*:*:*:*:*:*:*",
        "DATE_OF_BIRTH  | 1985-03-12                  | ****-**-**",
        "PERSON_NAME    | John Smith                  | J*** S****",
        "PERSON_NAME    | 王芳                         | 王*",
        "PERSON_NAME    | Jo                          | J*",
        "PERSON_NAME    | J                           | *",
        "POSTAL_ADDRESS | 12 Baker Street             | ** B**** S*****",
        "POSTAL_ADDRESS | 北京市朝阳区建国路88号          | 北***********",
        "POSTCODE       | SW1A 1AA                    | S*** ***",
        "POSTCODE       | 10115                       | *****",
        "PHONE          | 1234                        | ****",
        "POSTAL_ADDRESS | Flat 1, 1 Long Road, Somewhere Else Entirely, Greater Sometown | F*** *, * L*** R***, S******** E*** E**…",
    })
    void masks(Kind kind, String value, String expected) {
        String masked = MaskedExample.of(kind, value);

        assertThat(masked).isEqualTo(expected).isNotEqualTo(value);
    }
}
