package dev.tokenkeeper.security.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

class SealerTest {

    private static final byte[] KEY = filled(32, (byte) 7);
    private static final byte[] OTHER_KEY = filled(32, (byte) 8);
    private static final byte[] PLAIN = "the signing key, in PKCS#8".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROW = "row-1".getBytes(StandardCharsets.UTF_8);

    private final Sealer cut = new Sealer();

    @Test
    void sealedDataOpensToThePlaintext() throws Exception {
        String sealed = cut.seal(KEY, PLAIN, ROW);

        assertArrayEquals(PLAIN, cut.open(KEY, sealed, ROW));
    }

    @Test
    void sealedFormIsIvCiphertextAndTag() {
        byte[] all = Base64.getDecoder().decode(cut.seal(KEY, PLAIN, ROW));

        assertEquals(12 + PLAIN.length + 16, all.length);
    }

    @Test
    void wrongKeyIsRefused() {
        String sealed = cut.seal(KEY, PLAIN, ROW);

        assertThrows(AEADBadTagException.class, () -> cut.open(OTHER_KEY, sealed, ROW));
    }

    @Test
    void wrongAssociatedDataIsRefused() {
        String sealed = cut.seal(KEY, PLAIN, ROW);

        assertThrows(AEADBadTagException.class, () -> cut.open(KEY, sealed, "row-2".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void flippedCiphertextByteIsRefused() {
        byte[] all = Base64.getDecoder().decode(cut.seal(KEY, PLAIN, ROW));
        all[12 + 3] ^= 0x01;
        String altered = Base64.getEncoder().encodeToString(all);

        assertThrows(AEADBadTagException.class, () -> cut.open(KEY, altered, ROW));
    }

    @Test
    void flippedIvByteIsRefused() {
        byte[] all = Base64.getDecoder().decode(cut.seal(KEY, PLAIN, ROW));
        all[0] ^= 0x01;
        String altered = Base64.getEncoder().encodeToString(all);

        assertThrows(AEADBadTagException.class, () -> cut.open(KEY, altered, ROW));
    }

    @Test
    void flippedTagByteIsRefused() {
        byte[] all = Base64.getDecoder().decode(cut.seal(KEY, PLAIN, ROW));
        all[all.length - 1] ^= 0x01;
        String altered = Base64.getEncoder().encodeToString(all);

        assertThrows(AEADBadTagException.class, () -> cut.open(KEY, altered, ROW));
    }

    @Test
    void twoSealsOfTheSamePlaintextDiffer() {
        assertNotEquals(cut.seal(KEY, PLAIN, ROW), cut.seal(KEY, PLAIN, ROW));
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
