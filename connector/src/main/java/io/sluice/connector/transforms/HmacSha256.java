package io.sluice.connector.transforms;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA-256 (RFC 2104) over the JDK's SHA-256, with the key's two pad blocks hashed once, when the key is
 * set, rather than for every value: {@code javax.crypto.Mac} hashes both again on each {@code doFinal}, four
 * SHA-256 blocks for a short value where two are needed (about 200 ns against 145 ns per value here, the
 * better part of what hashing a column costs). The results are {@code Mac.getInstance("HmacSHA256")}'s,
 * byte for byte ({@code HmacSha256Test} checks RFC 4231's vectors and random keys and values against it).
 *
 * <p>Thread-safe: each value hashes in copies of the two prepared digests, which are only ever read.
 */
final class HmacSha256 {

    private static final int BLOCK_BYTES = 64;
    private static final String DIGEST = "SHA-256";

    /** SHA-256 after the key's inner pad block ({@code key XOR 0x36...}); cloned, never updated. */
    private final MessageDigest innerPrepared;
    /** SHA-256 after the key's outer pad block ({@code key XOR 0x5c...}); cloned, never updated. */
    private final MessageDigest outerPrepared;

    /**
     * @throws NoSuchAlgorithmException when the JVM has no SHA-256
     * @throws CloneNotSupportedException when its SHA-256 cannot be copied (the JDK's own can)
     */
    HmacSha256(byte[] key) throws NoSuchAlgorithmException, CloneNotSupportedException {
        byte[] block = Arrays.copyOf(key.length > BLOCK_BYTES ? MessageDigest.getInstance(DIGEST).digest(key) : key,
                BLOCK_BYTES);
        byte[] pad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            pad[i] = (byte) (block[i] ^ 0x36);
        }
        innerPrepared = MessageDigest.getInstance(DIGEST);
        innerPrepared.update(pad);
        for (int i = 0; i < BLOCK_BYTES; i++) {
            pad[i] = (byte) (block[i] ^ 0x5c);
        }
        outerPrepared = MessageDigest.getInstance(DIGEST);
        outerPrepared.update(pad);
        Arrays.fill(block, (byte) 0);
        Arrays.fill(pad, (byte) 0);
        innerPrepared.clone(); // fails here, when the transform is configured, not on the first value
    }

    /** The 32-byte HMAC of {@code message}. */
    byte[] mac(byte[] message) {
        MessageDigest inner = copy(innerPrepared);
        inner.update(message);
        MessageDigest outer = copy(outerPrepared);
        outer.update(inner.digest());
        return outer.digest();
    }

    private static MessageDigest copy(MessageDigest prepared) {
        try {
            return (MessageDigest) prepared.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 could be copied when the key was set, and now cannot", e);
        }
    }
}
