package org.orbitscope.model;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose whole state is one
 * {@code long}, so a run's random state can be saved and restored exactly without Java serialization.
 * Not for cryptography.
 */
public final class SplitMix64 {

    private long state;

    /** @param seed initial state */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /**
     * Derives an independent stream from a seed and a stream index (e.g. one stream per epoch).
     *
     * @param seed base seed
     * @param stream stream index
     * @return a generator for that stream
     */
    public static SplitMix64 stream(long seed, long stream) {
        SplitMix64 s = new SplitMix64(seed);
        long a = s.nextLong();
        return new SplitMix64(a ^ mix(stream * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    /** @return the current state (restore with {@link #SplitMix64(long)}) */
    public long state() {
        return state;
    }

    /** @return the next 64 random bits */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param bound exclusive upper bound, positive
     * @return a uniform integer in {@code [0, bound)} (Lemire's unbiased method)
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        long r = nextLong() >>> 32;
        long m = r * bound;
        long l = m & 0xFFFFFFFFL;
        if (l < bound) {
            long t = (0x100000000L - bound) % bound;
            while (l < t) {
                r = nextLong() >>> 32;
                m = r * bound;
                l = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** @return a uniform float in {@code [0, 1)} with 24 random bits */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** @return a uniform double in {@code [0, 1)} with 53 random bits */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** @return a standard normal deviate (Box-Muller; one of the pair is discarded) */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Shuffles an array in place (Fisher-Yates).
     *
     * @param a the array
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
