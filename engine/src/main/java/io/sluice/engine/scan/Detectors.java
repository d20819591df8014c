package io.sluice.engine.scan;

import io.sluice.engine.scan.values.BirthDate;
import io.sluice.engine.scan.values.ChineseResidentId;
import io.sluice.engine.scan.values.DutchBsn;
import io.sluice.engine.scan.values.EmailAddress;
import io.sluice.engine.scan.values.Iban;
import io.sluice.engine.scan.values.IpAddress;
import io.sluice.engine.scan.values.PassportNumber;
import io.sluice.engine.scan.values.PaymentCard;
import io.sluice.engine.scan.values.PersonName;
import io.sluice.engine.scan.values.PhoneNumber;
import io.sluice.engine.scan.values.PostalAddress;
import io.sluice.engine.scan.values.Postcode;
import io.sluice.engine.scan.values.SpanishDni;
import io.sluice.engine.scan.values.UsSocialSecurityNumber;
import java.time.LocalDate;
import java.util.List;

/** Every kind the scan knows, in the order that breaks ties between equally sure findings. */
final class Detectors {

    private Detectors() {
    }

    static List<Detector> all(LocalDate today) {
        // In a column named for birth dates, any date of a living person; elsewhere only dates of adults,
        // and even then only a low-confidence finding: plenty of dates lie decades back.
        BirthDate anyAge = BirthDate.ofAges(today, 0, 120);
        BirthDate adults = BirthDate.ofAges(today, 16, 100);
        return List.of(
                Detector.of(Kind.EMAIL, "e_?mail(_?addr(ess)?)?", "邮箱|电子邮件")
                        .values(EmailAddress::check),
                Detector.of(Kind.PHONE, "phone(_?(number|no|num))?|telephone|tel|mobile(_?(number|no|phone))?"
                                + "|cell(_?phone)?|fax|msisdn|telefon|telefono|telefoon", "手机|电话")
                        .values(PhoneNumber::check).whenNamed(v -> PhoneNumber.check(v, true)),
                Detector.of(Kind.PAYMENT_CARD, "card|credit_?card|debit_?card|card_?(number|no|num|nr)"
                                + "|cc_?(number|num|no)|ccn|pan", "卡号|银行卡")
                        .values(PaymentCard::check),
                Detector.of(Kind.IBAN, "iban|bank_?account(_?(number|no))?", null)
                        .values(Iban::check),
                Detector.of(Kind.IP_ADDRESS, "ip(v4|v6)?(_?addr(ess)?)?|remote_?addr(ess)?", null)
                        .values(IpAddress::check),
                Detector.of(Kind.US_SSN, "ssn|social_?security(_?(number|no))?", null)
                        .values(UsSocialSecurityNumber::check).whenNamed(v -> UsSocialSecurityNumber.check(v, true)),
                Detector.of(Kind.CN_RESIDENT_ID, "id_?card(_?(number|no))?|resident_?id|identity_?(card|number|no)"
                                + "|shenfenzheng|sfzh?", "身份证")
                        .values(ChineseResidentId::check),
                Detector.of(Kind.ES_DNI, "dni|nie|nif", null)
                        .values(SpanishDni::check),
                Detector.of(Kind.NL_BSN, "bsn|burger_?service_?nummer", null)
                        .values(DutchBsn::check),
                Detector.of(Kind.NATIONAL_ID, "national_?id(_?(number|no))?|id_?(number|no)|personal_?id|citizen_?id"
                                + "|tax_?id|nino|personnummer|codice_?fiscale|steuer_?id", "证件号"),
                Detector.of(Kind.PASSPORT, "passport(_?(number|no|num|nr))?", "护照")
                        .whenNamed(PassportNumber::check),
                Detector.of(Kind.DATE_OF_BIRTH, "dob|birth|birthday|birth_?date|date_?of_?birth|born(_?(on|at|date))?"
                                + "|geburtsdatum|fecha_?(de_?)?nacimiento|date_?de_?naissance", "出生|生日")
                        .excluding("name|place|city|country|town|location")
                        .values(adults::check).whenNamed(anyAge::check)
                        .valuesAloneAtMost(Confidence.LOW),
                Detector.of(Kind.PERSON_NAME, "(first|last|given|family|middle|maiden|full|sur|fore|nick|legal|birth"
                                + "|contact|customer|person|employee|patient|holder|card_?holder|account_?holder|recipient"
                                + "|sender|billing|shipping|client|guest|passenger|member|applicant|spouse)_?name"
                                + "|surname|forename|firstname|lastname|vorname|nachname|nombre|apellidos?|prenom|nom",
                                "姓名|名字")
                        .values(PersonName::check),
                Detector.of(Kind.POSTAL_ADDRESS, "address(_?line)?_?\\d?|addr(_?line)?_?\\d?|street(_?(name|address))?"
                                + "|house_?(number|no)|strasse|straße|calle|adresse|indirizzo", "地址|住址|街道")
                        .excluding("e_?mail|mail|ip|ipv4|ipv6|mac|remote|web|url|uri|link|wallet|server|host|bitcoin|btc"
                                + "|eth|contract|node|memory|return")
                        .values(PostalAddress::check),
                Detector.of(Kind.POSTCODE, "zip(_?code)?|post_?code|postal_?code|plz|postleitzahl|codigo_?postal"
                                + "|code_?postal", "邮编|邮政编码")
                        .whenNamed(Postcode::check));
    }
}
