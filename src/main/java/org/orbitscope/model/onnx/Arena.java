package org.orbitscope.model.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the large arrays of one executor's passes. An executor keeps every value of a forward pass for
 * its input gradient, then starts the next pass with the same shapes: allocating those arrays afresh each
 * time costs more than the arithmetic on them (a new 5 MB array takes about 1 ms, zeroing an old one 0.1 ms).
 * While an arena is {@linkplain #enter() entered} on a thread, {@link Tensor#floats(int[])} and the gradient
 * buffers take their arrays from it, zeroed; {@link #recycle()} makes every array handed out since the last
 * recycle available again and forgets the arrays the last pass did not ask for, so the arena holds at most what
 * one pass used. Arrays below {@link #MIN_LENGTH} values are left to the allocator.
 */
final class Arena {

    /** Shortest array worth recycling. */
    static final int MIN_LENGTH = 1 << 12;

    private static final ThreadLocal<Arena> CURRENT = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> freeFloats = new HashMap<>();
    private final Map<Integer, ArrayDeque<int[]>> freeInts = new HashMap<>();
    private final List<float[]> usedFloats = new ArrayList<>();
    private final List<int[]> usedInts = new ArrayList<>();

    /** @return a zeroed float array from the thread's arena, or a new one outside an arena */
    static float[] floats(int length) {
        Arena a = CURRENT.get();
        return a == null || length < MIN_LENGTH ? new float[length] : a.takeFloats(length);
    }

    /** @return a zeroed int array from the thread's arena, or a new one outside an arena */
    static int[] ints(int length) {
        Arena a = CURRENT.get();
        return a == null || length < MIN_LENGTH ? new int[length] : a.takeInts(length);
    }

    private float[] takeFloats(int length) {
        ArrayDeque<float[]> q = freeFloats.get(length);
        float[] v = q == null ? null : q.poll();
        if (v == null) {
            v = new float[length];
        } else {
            Arrays.fill(v, 0f);
        }
        usedFloats.add(v);
        return v;
    }

    private int[] takeInts(int length) {
        ArrayDeque<int[]> q = freeInts.get(length);
        int[] v = q == null ? null : q.poll();
        if (v == null) {
            v = new int[length];
        } else {
            Arrays.fill(v, 0);
        }
        usedInts.add(v);
        return v;
    }

    /**
     * Makes every array handed out since the last call available again. The caller must no longer read them.
     */
    void recycle() {
        freeFloats.clear();
        freeInts.clear();
        for (float[] v : usedFloats) {
            freeFloats.computeIfAbsent(v.length, k -> new ArrayDeque<>()).add(v);
        }
        for (int[] v : usedInts) {
            freeInts.computeIfAbsent(v.length, k -> new ArrayDeque<>()).add(v);
        }
        usedFloats.clear();
        usedInts.clear();
    }

    /**
     * Makes this the thread's arena until the returned scope is closed.
     *
     * @return the scope, which restores the thread's previous arena
     */
    Scope enter() {
        Arena before = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** An entered arena; closing it leaves it. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
