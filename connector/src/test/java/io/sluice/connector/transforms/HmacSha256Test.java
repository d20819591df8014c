package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Given keys and values, then {@link HmacSha256} gives RFC 4231's results and the JDK's {@code Mac}'s. */
class HmacSha256Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231TestVectors() throws Exception {
        // Test case 1: a 20-byte key.
        assertThat(mac(HEX.parseHex("0b".repeat(20)), "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        // Test case 2: a key shorter than the block.
        assertThat(mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // Test case 6: a 131-byte key, longer than the block, so hashed first.
        assertThat(mac(HEX.parseHex("aa".repeat(131)),
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void theSameAsTheJdksMacForRandomKeysAndValuesOfEveryLength() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            byte[] key = bytes(random, 16 + random.nextInt(150));
            byte[] value = bytes(random, random.nextInt(300));
            assertThat(new HmacSha256(key).mac(value)).as("key %d bytes, value %d bytes", key.length, value.length)
                    .isEqualTo(jdkMac(key, value));
        }
    }

    @Test
    void oneInstanceGivesTheSameResultsFromManyThreadsAtOnce() throws Exception {
        byte[] key = "a key of more than sixteen bytes".getBytes(StandardCharsets.UTF_8);
        HmacSha256 shared = new HmacSha256(key);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        byte[] value = ("value " + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
                        if (!java.util.Arrays.equals(shared.mac(value), jdkMac(key, value))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdown();
        }
    }

    private static String mac(byte[] key, byte[] value) throws Exception {
        return HEX.formatHex(new HmacSha256(key).mac(value));
    }

    private static byte[] jdkMac(byte[] key, byte[] value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(value);
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
