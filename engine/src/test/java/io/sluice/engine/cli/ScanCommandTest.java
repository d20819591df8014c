package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * Given a PostgreSQL and a MariaDB table seeded with known personal data, and beside it columns that
 * only look alike (order numbers that fail Luhn, IBANs and resident ids with wrong check digits, void
 * SSNs, nine-digit codes that fail the BSN test, MAC addresses, hex ids, product names, recent dates),
 * when {@code sluice scan} runs, then it finds exactly the personal data, shows every example masked,
 * prints a governance block that parses, and exits 0; 2 for an invalid file, 1 for a source it cannot reach.
 */
class ScanCommandTest {

    // ---- public.customers (PostgreSQL): every column holds personal data, but customer_ref and signed_up ----
    private static final List<String> CUSTOMER_REF = List.of("e7153bf7c3706d85c524e440066559a6",
            "656c90bd5482a90a29b9fa5ff5180bc0", "dbc0e15637ebb8e3b91d26ab4a829a95", "249f512c17b8ed411fa644d35db41d94",
            "e5efaf89fc43c5fa52f8b2b19b8f89a5", "0f8a8e9bb8bdb5eba456bf92d5d98065", "e5751f75143a5f61debc267b0bc8d3b1",
            "939a9b4ddbe45cf642b0c3a4acdd7f9f", "cc589f8d0a9f94f03e7914c0f87f17f8", "499ff30499a90ebb4108e360ddfcfc69");
    private static final List<String> FIRST_NAMES = List.of("John", "Maria", "Wei", "Sophie", "Pierre", "Hans", "Giulia",
            "Carlos", "Emma", "Lena");
    private static final List<String> LAST_NAMES = List.of("Smith", "García", "Wang", "Müller", "Dubois", "Schmidt",
            "Rossi", "López", "Jansen", "Zhang");
    private static final List<String> EMAILS = List.of("john.smith@example.com", "maria.garcia@example.es",
            "wang.wei@example.cn", "sophie.mueller@example.de", "pierre.dubois@example.fr", "hans.schmidt@example.de",
            "giulia.rossi@example.it", "carlos.lopez@example.es", "emma.jansen@example.nl", "lena.zhang@example.com");
    private static final List<String> PHONES = List.of("(212) 555-0187", "+34 612 345 678", "+86 139 1234 5678",
            "+49 30 901820", "+33 1 42 68 53 00", "030 9018207", "+39 06 6988 4857", "13812345678", "+31 6 12345678",
            "415-555-0132");
    private static final List<String> CARDS = List.of("4111 1111 1111 1111", "5500005555555559", "340000000000009",
            "4012888888881881", "5105105105105100", "6011111111111117", "3530111333300000", "378282246310005",
            "6200000000000005", "2223003122003222");
    private static final List<String> IBANS = List.of("DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
            "NL91ABNA0417164300", "FR1420041010050500013M02606", "ES9121000418450200051332", "BE68539007547034",
            "IT60X0542811101000000123456", "CH9300762011623852957", "AT611904300234573201",
            "PL61109010140000071219812874");
    private static final List<String> CN_IDS = List.of("110105194912314645", "310104198503128787",
            "440305199007044630", "510107197802158769", "330106200109301955", "320102196611088241",
            "420111199212254883", "610113198305198132", "210102197501010979", "500103199902283112");
    private static final List<String> SSNS = List.of("477-98-1083", "311-01-7092", "597-37-7741", "319-19-2711",
            "490-89-8997", "510-43-8814", "158-55-9599", "555-07-1121", "751-30-4378", "840-11-1031");
    private static final List<String> IPS = List.of("203.0.113.7", "198.51.100.23", "2001:db8::1", "192.0.2.146",
            "2001:db8:85a3::8a2e:370:7334", "10.1.2.3", "172.16.254.1", "fe80::1ff:fe23:4567:890a", "192.168.1.20",
            "8.8.4.4");
    private static final List<String> BIRTH_DATES = List.of("1949-12-31", "1985-03-12", "1990-07-04", "1978-02-15",
            "2001-09-30", "1966-11-08", "1992-12-25", "1983-05-19", "1975-01-01", "1999-02-28");
    private static final List<String> STREETS = List.of("12 Baker Street", "Calle Mayor 5", "北京市朝阳区建国路88号",
            "Hauptstraße 5", "5 rue de Rivoli", "Friedrichstraße 43", "Via del Corso 120", "1600 Amphitheatre Pkwy",
            "Kalverstraat 12", "221b Baker St");
    private static final List<String> ZIPS = List.of("10115", "28013", "100022", "10117", "75001", "SW1A 1AA", "00186",
            "94043", "1012 NX", "NW1 6XE");
    private static final List<String> NOTES = List.of("call back after lunch", "VIP", "anna.k@example.org",
            "prefers mornings", "late payer", "see ticket", "moved abroad", "b.meyer@example.net", "ok", "no newsletter");
    private static final List<String> SIGNED_UP = List.of("2024-01-02", "2024-03-15", "2024-06-30", "2024-09-09",
            "2025-01-20", "2025-02-14", "2025-04-01", "2025-05-05", "2025-07-07", "2025-08-08");

    // ---- public.orders (PostgreSQL): lookalikes only ----
    private static final List<String> ORDER_NUMBERS = List.of("5260181590830166", "4318609139099603",
            "4824628194821993", "5181909378657975", "5323194875749118", "5252760189555979", "5114710497465075",
            "4917034236671276", "5924402685995289", "4786666176031372");
    private static final List<String> BAD_IBANS = List.of("DE90370400440532013000", "GB83WEST12345698765432",
            "NL92ABNA0417164300", "FR1520041010050500013M02606", "ES9221000418450200051332", "BE69539007547034",
            "IT61X0542811101000000123456", "CH9400762011623852957", "AT621904300234573201",
            "PL62109010140000071219812874");
    private static final List<String> BAD_CN_IDS = List.of("110105194912314649", "310104198503128788",
            "440305199007044639", "51010719780215876X", "330106200109301952", "320102196611088249",
            "42011119921225488X", "610113198305198133", "210102197501010977", "500103199902283113");
    private static final List<String> VOID_SSNS = List.of("000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567",
            "123-45-0000", "078-05-1120", "000-98-7654", "666-01-0101", "987-65-4321", "321-00-1234");
    private static final List<String> ITEMS = List.of("Wireless Mouse", "Desk Lamp", "USB-C Cable", "Espresso Machine",
            "Yoga Mat", "Notebook A5", "Water Bottle", "Phone Case", "Standing Desk", "Noise Cancelling Headphones");
    private static final List<String> SHIPMENT_IDS = List.of("12850146324", "10109750769", "11430445725", "11843984833",
            "10295084048", "11740571304", "12090322421", "10209993515", "10529891709", "10525517128");

    // ---- people (MariaDB) ----
    private static final List<String> MOBILES = List.of("13812345678", "13912345678", "15012345678", "18612345678",
            "13698765432", "17712345678", "18911112222", "13500001111", "15900002222", "18800003333");
    private static final List<String> FULL_NAMES = List.of("王芳", "李娜", "张伟", "刘洋", "陈静", "欧阳娜娜", "Jan de Vries",
            "Sophie Müller", "Carmen García López", "Thomas Martin");
    private static final List<String> MARIA_EMAILS = List.of("wang.fang@example.cn", "li.na@example.cn",
            "zhang.wei@example.cn", "liu.yang@example.cn", "chen.jing@example.cn", "nana.ouyang@example.cn",
            "jan.devries@example.nl", "sophie.m@example.de", "carmen.gl@example.es", "thomas.martin@example.fr");
    private static final List<String> DNIS = List.of("12345678Z", "87654321X", "45678912S", "23456789D", "34567890V",
            "56789012B", "67890123B", "X1234567L", "Y7654321G", "Z0123456C");
    private static final List<String> BSNS = List.of("260875089", "770004799", "823885616", "560705694", "425015750",
            "235182357", "987397047", "436731186", "460747587", "734678204");
    private static final List<String> CODES = List.of("768835601", "374281998", "896487718", "484974575", "953832589",
            "841361655", "894460042", "800113703", "669125961", "131144123");
    private static final List<String> HOME_PHONES = List.of("2125550187", "4155550132", "3125550199", "6175550123",
            "2065550111", "3055550177", "7135550144", "4045550166", "5035550188", "6025550155");
    private static final List<String> ADDRESSES = List.of("上海市浦东新区世纪大道100号", "广州市天河区天河路385号",
            "Calle de Alcalá 50, Madrid", "Kalverstraat 12, Amsterdam", "Hauptstraße 5, 10115 Berlin",
            "深圳市南山区科技园路1号", "Damrak 1, Amsterdam", "Paseo del Prado 8, Madrid", "Rue de la Paix 3, Paris",
            "成都市武侯区人民南路4段12号");
    private static final List<String> POSTCODES = List.of("200120", "510620", "28014", "1012 NX", "10115", "518057",
            "1012 LG", "28013", "75002", "610041");
    private static final List<String> BIRTHDAYS = List.of("1985-03-12", "1990-07-04", "1978-02-15", "2001-09-30",
            "1966-11-08", "1992-12-25", "1983-05-19", "1975-01-01", "1999-02-28", "1988-08-08");
    private static final List<String> REFERENCE_DATES = List.of("1950-01-02", "1961-04-12", "1969-07-20",
            "1975-05-05", "1980-10-10", "1984-02-29", "1989-11-09", "1990-10-03", "1993-03-03", "1995-06-06");
    private static final List<String> JOINED = List.of("2023-01-02", "2023-06-15", "2024-01-30", "2024-02-09",
            "2024-05-20", "2024-07-14", "2024-11-01", "2025-01-05", "2025-03-07", "2025-06-08");
    private static final List<String> MARIA_IPS = List.of("2001:db8::2", "203.0.113.9", "198.51.100.7", "2001:db8::a",
            "192.0.2.33", "10.0.0.8", "fe80::1", "172.20.1.1", "192.168.100.2", "2001:db8:0:1::5");
    private static final List<String> MACS = List.of("00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5F", "3C:22:FB:12:34:56",
            "F0:18:98:AA:BB:CC", "A4:83:E7:01:02:03", "00:50:56:C0:00:08", "08:00:27:13:37:42", "DC:A6:32:11:22:33",
            "B8:27:EB:44:55:66", "00:0C:29:77:88:99");

    @TempDir
    Path folder;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void findsExactlyThePersonalDataMasksEveryExampleAndSuggestsAGovernanceBlock() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase();
             TestDatabase maria = TestDatabases.mariadb().createDatabase()) {
            seedPostgres(pg);
            seedMariaDb(maria);
            String people = maria.name() + ".people";
            Path file = pipelineFile(postgresSource(pg, "public.customers", "public.orders")
                    + mariadbSource(maria, people));

            Run json = sluice("scan", file.toString(), "--json");
            Run text = sluice("scan", file.toString());

            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(text.exit()).as(text.err()).isZero();
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.get("sample").asInt()).isEqualTo(1000);
            List<String> tables = new ArrayList<>();
            root.get("tables").forEach(t -> tables.add(t.get("source").asText() + " " + t.get("table").asText() + " "
                    + t.get("rows").asInt() + " " + t.get("sampling").asText()));
            assertThat(tables).containsExactly("shop public.customers 10 LIMIT", "shop public.orders 10 LIMIT",
                    "app " + people + " 10 LIMIT");
            assertThat(root.get("skipped")).isEmpty();
            // The example is the first matching value read: MariaDB returns the rows of people in primary-key
            // order, so its examples come from mobile 13500001111 (Sophie Müller).
            List<String> findings = new ArrayList<>();
            for (JsonNode finding : root.get("findings")) {
                findings.add(String.join(" ", finding.get("table").asText(), finding.get("column").asText(),
                        finding.get("kind").asText(), finding.get("confidence").asText(),
                        finding.get("governance").isNull() ? "-" : finding.get("governance").asText(),
                        finding.get("example").asText()));
            }
            assertThat(findings).containsExactly(
                    "public.customers first_name person_name high mask J***",
                    "public.customers last_name person_name high mask S****",
                    "public.customers email email high hash j*********@e******.com",
                    "public.customers phone phone high partial (***) ***-0187",
                    "public.customers card_number payment_card high partial **** **** **** 1111",
                    "public.customers iban iban high partial **** **** **** **** **30 00",
                    "public.customers national_id cn_resident_id high hash ****************45",
                    "public.customers ssn us_ssn high hash ***-**-**83",
                    "public.customers last_ip ip_address high hash 203.*.*.*",
                    "public.customers birth_date date_of_birth high mask ****-**-**",
                    "public.customers street postal_address high mask ** B**** S*****",
                    "public.customers zip postcode high mask *****",
                    "public.customers notes email low - a*****@e******.org",
                    people + " mobile phone high hash *******1111",
                    people + " full_name person_name high mask S***** M*****",
                    people + " email email high hash s*******@e******.de",
                    people + " dni es_dni high hash *******7L",
                    people + " bsn nl_bsn high hash *******86",
                    people + " home_phone phone high mask ******0166",
                    people + " address postal_address high mask P**** d** P**** *, M*****",
                    people + " postcode postcode high mask *****",
                    people + " birthday date_of_birth high mask ****-**-**",
                    people + " reference_date date_of_birth low - ****-**-**",
                    people + " ip ip_address high hash 172.*.*.*");
            JsonNode email = root.get("findings").get(2);
            assertThat(email.get("by_name").asBoolean()).isTrue();
            assertThat(email.get("matching").asInt()).isEqualTo(10);
            assertThat(email.get("sampled").asInt()).isEqualTo(10);
            assertThat(root.get("findings").get(6).get("by_name").asBoolean()).as("national_id: by its values").isFalse();

            // The governance block: in the text after the table, and in the JSON; it parses, entry by entry.
            String block = root.get("governance").asText();
            assertThat(text.out()).endsWith("\n" + block);
            List<Map<String, Object>> entries = governance(block);
            String customers = "public\\.customers";
            String peopleRegex = people.replace(".", "\\.");
            assertThat(entries).containsExactly(
                    entry("hash", customers, List.of("email", "national_id", "ssn", "last_ip"), "key", "${env:SLUICE_HASH_KEY}"),
                    entry("partial", customers, List.of("phone", "card_number", "iban"), "keep.first", 0, "keep.last", 4),
                    entry("mask", customers, List.of("first_name", "last_name", "birth_date", "street", "zip")),
                    entry("hash", peopleRegex, List.of("mobile", "email", "dni", "bsn", "ip"), "key", "${env:SLUICE_HASH_KEY}"),
                    entry("mask", peopleRegex, List.of("full_name", "home_phone", "address", "postcode", "birthday")));
            assertThat(block).contains("# Left out, low confidence: public.customers.notes (email)\n",
                    "# Left out, low confidence: " + people + ".reference_date (date_of_birth)\n",
                    "# " + people + ".mobile: hash, not partial, because it is a key column (mask and partial refuse keys)\n",
                    "# " + people + ".home_phone: mask, not partial, because it is not text (partial masks text only)\n");

            // The text report: tables read, one line per finding, the counts.
            assertThat(text.out()).startsWith("Sampled at most 1000 rows per table:\n");
            assertThat(text.out().lines().toList())
                    .anyMatch(l -> l.matches("  shop +public\\.customers +10 rows +LIMIT"))
                    .anyMatch(l -> l.matches("SOURCE +TABLE +COLUMN +KIND +CONFIDENCE +EXAMPLE \\(MASKED\\)"))
                    .anyMatch(l -> l.matches("shop +public\\.customers +email +email +high +j\\*{9}@e\\*{6}\\.com"))
                    .anyMatch(l -> l.matches("app +" + peopleRegex + " +full_name +person_name +high +S\\*{5} M\\*{5}"))
                    .contains("24 findings: 22 high, 0 medium, 2 low");

            // Never a value as sampled.
            for (String value : seededValues()) {
                assertThat(text.out() + json.out()).as("output shows a sampled value").doesNotContain(value);
            }
            assertThat(text.err()).isEmpty();
        }
    }

    @Test
    void aSourceThatCannotBeReachedExitsOneAndIsNamed() throws Exception {
        Path file = pipelineFile("""
                  - name: gone
                    type: postgres
                    host: 127.0.0.1
                    port: 1
                    user: sluice
                    password: 'never-shown-secret'
                    database: shop
                    tables: [public.customers]
                """);

        Run run = sluice("scan", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ERROR: source 'gone' cannot be reached (postgres at 127.0.0.1:1/shop as sluice): ")
                .doesNotContain("never-shown-secret");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anInvalidPipelineFileOrSampleSizeExitsTwo() throws Exception {
        Path broken = Path.of(ScanCommandTest.class.getResource("/broken/unknown-key.yaml").toURI());

        Run invalid = sluice("scan", broken.toString());
        Run noRows = sluice("scan", broken.toString(), "--sample", "0");

        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("unknown-key.yaml:8:5: sources[0].tabels: unknown key");
        assertThat(invalid.out()).isEmpty();
        assertThat(noRows.exit()).isEqualTo(2);
        assertThat(noRows.err()).contains("--sample: give at least 1 row, got 0");
    }

    @Test
    void theHelpListsScanAndItsExitCodes() {
        assertThat(sluice("--help").out()).contains("scan");
        assertThat(sluice("scan", "--help").out()).contains("--sample", "--json",
                "0 the scan ran, whatever it found; 1 a source cannot be reached");
    }

    private static void seedPostgres(TestDatabase pg) {
        pg.execute("""
                CREATE TABLE customers (
                  id serial PRIMARY KEY, customer_ref char(32), first_name text, last_name text, email text,
                  phone text, card_number text, iban text, national_id text, ssn text, last_ip inet,
                  birth_date date, street text, zip text, notes text, signed_up date)""",
                """
                CREATE TABLE orders (
                  id int PRIMARY KEY, order_number char(16), bank_ref text, legacy_id text, badge text,
                  item_name text, sku text, ordered_on date, amount numeric(10,2), shipment_id bigint)""");
        pg.execute(inserts("customers", List.of("customer_ref", "first_name", "last_name", "email", "phone",
                "card_number", "iban", "national_id", "ssn", "last_ip", "birth_date", "street", "zip", "notes",
                "signed_up"), CUSTOMER_REF, FIRST_NAMES, LAST_NAMES, EMAILS, PHONES, CARDS, IBANS, CN_IDS, SSNS, IPS,
                BIRTH_DATES, STREETS, ZIPS, NOTES, SIGNED_UP));
        pg.execute(inserts("orders", List.of("id", "order_number", "bank_ref", "legacy_id", "badge", "item_name",
                "sku", "ordered_on", "amount", "shipment_id"), IntStream.rangeClosed(1, 10).mapToObj(Integer::toString)
                .toList(), ORDER_NUMBERS, BAD_IBANS, BAD_CN_IDS, VOID_SSNS, ITEMS, CUSTOMER_REF, SIGNED_UP,
                List.of("19.99", "5.00", "12.50", "399.00", "25.00", "3.20", "15.00", "9.99", "499.00", "199.00"),
                SHIPMENT_IDS));
    }

    private static void seedMariaDb(TestDatabase maria) {
        maria.execute("""
                CREATE TABLE people (
                  mobile VARCHAR(20) PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(100), dni VARCHAR(12),
                  bsn CHAR(9), code CHAR(9), transfer_ref VARCHAR(40), home_phone BIGINT, address VARCHAR(200),
                  postcode VARCHAR(10), birthday VARCHAR(10), reference_date DATE, joined DATE, ip VARCHAR(45),
                  device_mac VARCHAR(17), sku VARCHAR(32), active TINYINT(1)) DEFAULT CHARSET utf8mb4""");
        maria.execute(inserts("people", List.of("mobile", "full_name", "email", "dni", "bsn", "code", "transfer_ref",
                "home_phone", "address", "postcode", "birthday", "reference_date", "joined", "ip", "device_mac", "sku",
                "active"), MOBILES, FULL_NAMES, MARIA_EMAILS, DNIS,
                BSNS, CODES, BAD_IBANS, HOME_PHONES, ADDRESSES, POSTCODES, BIRTHDAYS, REFERENCE_DATES, JOINED, MARIA_IPS,
                MACS, CUSTOMER_REF, List.of("1", "0", "1", "1", "0", "1", "1", "1", "0", "1")));
    }

    /** One INSERT per row; row i takes the i-th value of each list. */
    @SafeVarargs
    private static String[] inserts(String table, List<String> columns, List<String>... values) {
        return IntStream.range(0, values[0].size()).mapToObj(i -> "INSERT INTO " + table + " ("
                + String.join(", ", columns) + ") VALUES (" + java.util.Arrays.stream(values)
                .map(list -> "'" + list.get(i).replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")")
                .toArray(String[]::new);
    }

    /** Every value seeded as text, long enough (four characters or more) not to turn up in the output by chance. */
    private static List<String> seededValues() {
        List<String> values = new ArrayList<>();
        for (List<String> list : List.of(CUSTOMER_REF, FIRST_NAMES, LAST_NAMES, EMAILS, PHONES, CARDS, IBANS, CN_IDS, SSNS,
                IPS, BIRTH_DATES, STREETS, ZIPS, NOTES, ORDER_NUMBERS, BAD_IBANS, BAD_CN_IDS, VOID_SSNS, ITEMS, SHIPMENT_IDS,
                MOBILES, FULL_NAMES, MARIA_EMAILS, DNIS, BSNS, CODES, HOME_PHONES, ADDRESSES, POSTCODES, BIRTHDAYS, REFERENCE_DATES,
                MARIA_IPS, MACS)) {
            list.stream().filter(v -> v.codePointCount(0, v.length()) >= 4 || v.codePoints().anyMatch(c ->
                    Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)).forEach(values::add);
        }
        return values;
    }

    private static Map<String, Object> entry(String type, String table, List<String> columns, Object... extra) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("type", type);
        entry.put("tables", List.of(table));
        entry.put("columns", columns);
        for (int i = 0; i < extra.length; i += 2) {
            entry.put((String) extra[i], extra[i + 1]);
        }
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> governance(String block) {
        Map<String, Object> document = new Yaml().load(block);
        assertThat(document).containsOnlyKeys("governance");
        return (List<Map<String, Object>>) document.get("governance");
    }

    private static Run sluice(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String postgresSource(TestDatabase db, String... tables) {
        return """
                  - name: shop
                    type: postgres
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    database: %s
                    tables: [%s]
                """.formatted(db.host(), db.port(), db.user(), db.password(), db.name(), String.join(", ", tables));
    }

    private static String mariadbSource(TestDatabase db, String... tables) {
        return """
                  - name: app
                    type: mariadb
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    tables: [%s]
                """.formatted(db.host(), db.port(), db.user(), db.password(), String.join(", ", tables));
    }

    private Path pipelineFile(String sources) throws Exception {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, "pipeline: scan\nsources:\n" + sources + "warehouse:\n  type: duckdb\n  path: wh.duckdb\n");
        return file;
    }
}
