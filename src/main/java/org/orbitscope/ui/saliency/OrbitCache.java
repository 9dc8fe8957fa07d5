package org.orbitscope.ui.saliency;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.orbitscope.analysis.OrbitSaliency;
import org.orbitscope.data.DataFingerprint;
import org.orbitscope.metrics.SaliencySettings;

/**
 * A bounded, thread-safe least-recently-used cache of computed orbits by what they were computed from: the
 * model's directory and weights, the data, the group, the sample and the settings.
 */
final class OrbitCache {

    /**
     * What identifies one computed orbit.
     *
     * @param model the model directory
     * @param weightsSha256 checksum of the model's weights (a model retrained in the same folder is another)
     * @param data the dataset the sample was taken from
     * @param group the group id of the orbit
     * @param sample the test-sample index
     * @param settings the saliency settings
     */
    record Key(Path model, String weightsSha256, DataFingerprint data, String group, int sample,
            SaliencySettings settings) {
    }

    private final int capacity;
    private final Map<Key, OrbitSaliency.Row> rows;

    /** @param capacity most rows kept (one row of the D4 group is about 80 KB) */
    OrbitCache(int capacity) {
        this.capacity = capacity;
        this.rows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, OrbitSaliency.Row> eldest) {
                return size() > OrbitCache.this.capacity;
            }
        };
    }

    /**
     * @param key the key
     * @return the cached row, or null
     */
    synchronized OrbitSaliency.Row get(Key key) {
        return rows.get(key);
    }

    /**
     * @param key the key
     * @param row the computed row
     */
    synchronized void put(Key key, OrbitSaliency.Row row) {
        rows.put(key, row);
    }

    /** @return number of cached rows */
    synchronized int size() {
        return rows.size();
    }
}
