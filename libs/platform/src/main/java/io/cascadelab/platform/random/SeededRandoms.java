package io.cascadelab.platform.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Every random choice in a run derives from the run's seed and the name of the component making it, so a
 * failing seed reproduces the failure and two components never share a stream.
 */
public final class SeededRandoms {

    private final long seed;

    public SeededRandoms(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** A fresh, independent stream for {@code component}; the same seed and name give the same stream. */
    public SplittableRandom forComponent(String component) {
        return new SplittableRandom(mix(seed ^ fnv1a(component)));
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finaliser: spreads nearby seeds far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
