package org.orbitscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the split shuffle to the algorithm written out in docs/DATA.md, independently of the JDK:
 * {@code java.util.SplittableRandom(seed).nextInt(bound)} is SplitMix64 with the bounded draw below.
 * If a future JDK changed that generator, every split would silently change; this test would fail.
 */
class SplitOrderTest {

    /** SplitMix64 as documented: the state advances by the golden gamma, outputs are mixed. */
    private static final class Reference {
        private long state;

        Reference(long seed) {
            state = seed;
        }

        int nextInt() {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
            return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
        }

        /** Power of two: the low bits; otherwise 31-bit draws {@code u}, rejecting the incomplete last block. */
        int nextInt(int bound) {
            int r = nextInt();
            int m = bound - 1;
            if ((bound & m) == 0) {
                return r & m;
            }
            long u = r >>> 1;
            while (u - u % bound + m > Integer.MAX_VALUE) {
                u = nextInt() >>> 1;
            }
            return (int) (u % bound);
        }
    }

    @Test
    void boundedDrawsMatchTheReference() {
        for (long seed : new long[] {0, 1, -1, 42, 0x123456789ABCDEFL}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            Reference ref = new Reference(seed);
            for (int i = 0; i < 20_000; i++) {
                int bound = switch (i % 4) {
                    case 0 -> 1 + i;
                    case 1 -> 8;
                    case 2 -> 63_042 - i;
                    default -> Integer.MAX_VALUE - i;
                };
                assertEquals(ref.nextInt(bound), jdk.nextInt(bound), "seed " + seed + " draw " + i);
            }
        }
    }

    @Test
    void shuffleIsFisherYatesFromTheTop() {
        int[] kept = {10, 11, 12, 13, 14, 15, 16};
        int[] expected = kept.clone();
        Reference ref = new Reference(9);
        for (int i = expected.length - 1; i > 0; i--) {
            int j = ref.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertArrayEquals(expected, TransformingDataset.shuffledPool(kept, kept.length, 9));
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, 15, 16}, kept, "input untouched");
    }
}
