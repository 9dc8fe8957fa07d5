package org.orbitscope.ui.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.orbitscope.data.DatasetId;
import org.orbitscope.data.TransformingDataset;

/** Loaded datasets by id and split seed, so each is read from disk once. */
public final class DatasetCache {

    private final Map<String, TransformingDataset> loaded = new ConcurrentHashMap<>();

    /**
     * Returns a dataset, loading it on first use (call off the FX thread).
     *
     * @param id the dataset
     * @param splitSeed its split seed
     * @return the dataset
     */
    public TransformingDataset get(DatasetId id, long splitSeed) {
        return loaded.computeIfAbsent(id.id() + "/" + splitSeed, k -> TransformingDataset.load(id, splitSeed));
    }

    /**
     * @param id the dataset
     * @param splitSeed its split seed
     * @return the dataset if it is loaded already, else null (never loads; safe on the FX thread)
     */
    public TransformingDataset peek(DatasetId id, long splitSeed) {
        return loaded.get(id.id() + "/" + splitSeed);
    }
}
