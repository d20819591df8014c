package io.sluice.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.GovernanceRule;
import io.sluice.config.HttpConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Pipelines;
import io.sluice.engine.pipeline.Warehouses;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Given the status page in a real browser (headless Chromium) while a pipeline streams, then its counts
 * rise and match the warehouse, a chart's bars are the warehouse's GROUP BY and follow new changes, and
 * hostile table names, column names and values show as text and run nothing.
 */
class HttpStatusPageBrowserTest {

    private static final String SCRIPT_VALUE = "<script>window.__xss = 'value-script'</script>";
    private static final String IMG_VALUE = "\"><img src=x onerror=\"window.__xss = 'value-img'\">";
    private static final String HOSTILE_TABLE = "\"><img src=x onerror=window.__xss='table'>";
    private static final String HOSTILE_COLUMN = "<script>window.__xss='column'</script>";

    @Test
    void thePageFollowsTheWarehouseLiveAndShowsHostileDataAsText() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(10,2), note text)",
                    "INSERT INTO orders SELECT g, 'customer-' || (g % 3), g * 2.5, 'note ' || g FROM generate_series(1, 50) g");
            source.execute(insert(51, "customer-0", "1.00", SCRIPT_VALUE), insert(52, "customer-1", "2.00", IMG_VALUE),
                    insert(53, "customer-2", "999999.00", IMG_VALUE)); // out of range: quarantined

            try (var connection = warehouse.connect(); var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + quoted(HOSTILE_TABLE) + " (id int PRIMARY KEY, "
                        + quoted(HOSTILE_COLUMN) + " text)");
                statement.execute("INSERT INTO " + quoted(HOSTILE_TABLE) + " VALUES (1, " + literal(IMG_VALUE) + "),"
                        + " (2, " + literal(SCRIPT_VALUE) + ")");
            }
            PipelineConfig plain = Pipelines.postgresSource("browser_page", source, List.of("public.orders"),
                    warehouse.config());
            PipelineConfig config = new PipelineConfig(plain.name(), plain.sources(), plain.warehouse(), plain.flush(),
                    null, List.of(new GovernanceRule("quality",
                            Map.of("rules", "amount_range:range(amount, 0, 100000):quarantine"), 1)),
                    new HttpConfig("127.0.0.1", 0, null));
            try (StatusServer server = StatusServer.bind(config.http());
                 PipelineMetrics metrics = new PipelineMetrics();
                 Pipeline pipeline = Pipeline.start(config, metrics);
                 Browser browser = Browser.start()) {
                server.serve(pipeline, metrics);
                ChromeDriver page = browser.driver;
                page.get(server.address().resolve("/").toString());

                countsRiseAndMatchTheWarehouse(page, source, warehouse);
                chartBarsAreTheWarehousesGroupByAndFollowChanges(page, source, warehouse);
                hostileTableNamesColumnsAndValuesAreText(page);

                assertThat(page.executeScript("return window.__xss === undefined ? 'unset' : String(window.__xss)"))
                        .as("no payload ran").isEqualTo("unset");
            }
        }
    }

    private void countsRiseAndMatchTheWarehouse(ChromeDriver page, TestDatabase source, Warehouses.Warehouse warehouse)
            throws Exception {
        Await.until("the page to show the 52 snapshot rows written (and one quarantined)", Duration.ofSeconds(90),
                () -> shownUpserted(page) == 52 && warehouseCount(warehouse) == 52);
        List<Long> seen = new java.util.ArrayList<>();
        AtomicInteger next = new AtomicInteger(54);
        // At least 8 rounds of 10 rows, and more (at most 40) until the page has shown three counts: a
        // loaded machine may flush more slowly than the rounds come.
        for (int round = 0; round < 40 && (round < 8 || seen.stream().distinct().count() < 3); round++) {
            int from = next.getAndAdd(10);
            source.execute("INSERT INTO orders SELECT g, 'customer-' || (g % 3), g * 2.5, 'note ' || g"
                    + " FROM generate_series(" + from + ", " + (from + 9) + ") g");
            Thread.sleep(400);
            seen.add(shownUpserted(page));
        }
        long expected = next.get() - 2; // row 53 is quarantined
        Await.until("the page and the warehouse to hold all " + expected + " rows", Duration.ofSeconds(60),
                () -> shownUpserted(page) == expected && warehouseCount(warehouse) == expected);
        seen.add(shownUpserted(page));
        assertThat(seen).as("counts on the page while the pipeline streams").isSorted();
        assertThat(seen.stream().distinct().count()).as("the count rose while streaming, not only at the end").isGreaterThan(2);
        assertThat(textOf(page, "tr[data-table='public.orders'] td.captured"))
                .isEqualTo(String.format("%,d", expected + 1));
        assertThat(textOf(page, "tr[data-table='public.orders'] td.quarantined")).isEqualTo("1");
        assertThat(textOf(page, "tr[data-table='public.orders'] td.snapshot"))
                .isEqualTo("53 rows, done");
        List<String> quarantined = fresh(() -> page.findElements(By.cssSelector("#quarantine tbody td")).stream()
                .map(WebElement::getText).toList());
        assertThat(quarantined).contains("public.orders", "amount_range");
        assertThat(quarantined).anySatisfy(cell -> assertThat(cell).contains(IMG_VALUE.replace("\"", "\\\"")));
        assertThat(textOf(page, "#ready")).isEqualTo("ready");
    }

    private void chartBarsAreTheWarehousesGroupByAndFollowChanges(ChromeDriver page, TestDatabase source,
                                                                  Warehouses.Warehouse warehouse) throws Exception {
        page.findElement(By.cssSelector("nav button[data-view='chart']")).click();
        Await.until("the table list", Duration.ofSeconds(20), () -> optionTexts(page, "chart-table").contains("orders"));
        choose(page, "chart-table", "orders");
        choose(page, "chart-group", "customer");
        choose(page, "chart-agg", "sum");
        choose(page, "chart-value", "amount");
        page.findElement(By.cssSelector("#chart-form button[type='submit']")).click();
        String groupBy = "SELECT customer, sum(amount) FROM orders GROUP BY 1 ORDER BY 1";
        Await.until("the bars to equal " + groupBy, Duration.ofSeconds(20),
                () -> bars(page).equals(groupBy(warehouse, groupBy)));
        assertThat(bars(page)).hasSize(3);

        // A new group arrives through the pipeline: the chart redraws by itself.
        source.execute(insert(10_001, "customer-new", "12.50", "late"), "UPDATE orders SET amount = amount + 1 WHERE id = 1");
        Await.until("a fourth bar that matches the warehouse again", Duration.ofSeconds(60),
                () -> bars(page).size() == 4 && bars(page).equals(groupBy(warehouse, groupBy)));
    }

    private void hostileTableNamesColumnsAndValuesAreText(ChromeDriver page) throws Exception {
        page.findElement(By.cssSelector("nav button[data-view='tables']")).click();
        choose(page, "table-select", "orders");
        choose(page, "filter-column", "id");
        page.findElement(By.id("filter-value")).sendKeys("52");
        page.findElement(By.cssSelector("#rows-form button[type='submit']")).click();
        Await.until("row 52", Duration.ofSeconds(20), () -> cellTexts(page).contains(IMG_VALUE));
        page.findElement(By.id("filter-value")).clear();
        page.findElement(By.id("filter-value")).sendKeys("51");
        page.findElement(By.cssSelector("#rows-form button[type='submit']")).click();
        Await.until("row 51", Duration.ofSeconds(20), () -> cellTexts(page).contains(SCRIPT_VALUE));

        assertThat(optionTexts(page, "table-select")).contains(HOSTILE_TABLE);
        choose(page, "table-select", HOSTILE_TABLE);
        Await.until("the hostile table's rows", Duration.ofSeconds(20),
                () -> cellTexts(page).containsAll(List.of(IMG_VALUE, SCRIPT_VALUE)));
        assertThat(page.findElements(By.cssSelector("#rows thead button")).stream().map(WebElement::getText).toList())
                .containsExactly("id", HOSTILE_COLUMN);
        assertThat(page.findElements(By.cssSelector("img, #rows script, select script, option img"))).isEmpty();
        assertThat(page.findElements(By.tagName("script"))).hasSize(1);
    }

    /**
     * Reads the page again when it redrew the elements between finding and reading them: the page
     * re-renders its tables on every /status poll, so a found element can go stale at any moment.
     */
    private static <T> T fresh(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    private static String textOf(WebDriver page, String css) {
        return fresh(() -> page.findElement(By.cssSelector(css)).getText());
    }

    private static long shownUpserted(WebDriver page) {
        return fresh(() -> upsertedCell(page));
    }

    private static long upsertedCell(WebDriver page) {
        List<WebElement> cells = page.findElements(By.cssSelector("tr[data-table='public.orders'] td.upserted"));
        if (cells.isEmpty() || cells.get(0).getText().isBlank() || cells.get(0).getText().equals("–")) {
            return -1;
        }
        return Long.parseLong(cells.get(0).getText().replace(",", ""));
    }

    private static Map<String, BigDecimal> bars(WebDriver page) {
        return fresh(() -> {
            Map<String, BigDecimal> bars = new LinkedHashMap<>();
            for (WebElement bar : page.findElements(By.cssSelector("#chart rect.bar"))) {
                bars.put(bar.getDomAttribute("data-label"), new BigDecimal(bar.getDomAttribute("data-value")).stripTrailingZeros());
            }
            return bars;
        });
    }

    private static Map<String, BigDecimal> groupBy(Warehouses.Warehouse warehouse, String sql) throws Exception {
        Map<String, BigDecimal> groups = new LinkedHashMap<>();
        try (var connection = warehouse.connect(); var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                groups.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
            }
        }
        return groups;
    }

    private static long warehouseCount(Warehouses.Warehouse warehouse) throws Exception {
        try (var connection = warehouse.connect(); var rs = connection.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> cellTexts(WebDriver page) {
        return fresh(() -> page.findElements(By.cssSelector("#rows tbody td")).stream().map(WebElement::getText).toList());
    }

    private static List<String> optionTexts(WebDriver page, String select) {
        return fresh(() -> page.findElements(By.cssSelector("#" + select + " option")).stream().map(WebElement::getText)
                .toList());
    }

    /** Picks the option with exactly this text, as a person would. */
    private static void choose(WebDriver page, String select, String text) throws Exception {
        Await.until("option '" + text + "' in #" + select, Duration.ofSeconds(20),
                () -> optionTexts(page, select).contains(text));
        fresh(() -> {
            page.findElement(By.id(select)).click();
            for (WebElement option : page.findElements(By.cssSelector("#" + select + " option"))) {
                if (option.getText().equals(text)) {
                    option.click();
                    return true;
                }
            }
            throw new AssertionError("no option '" + text + "' in #" + select);
        });
    }

    private static String insert(int id, String customer, String amount, String note) {
        return "INSERT INTO orders VALUES (" + id + ", " + literal(customer) + ", " + amount + ", " + literal(note) + ")";
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
