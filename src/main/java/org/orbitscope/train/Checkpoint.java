package org.orbitscope.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.model.AtomicFiles;
import org.orbitscope.model.EpochRecord;
import org.orbitscope.model.ModelStore;
import org.orbitscope.model.NpyArray;
import org.orbitscope.model.Npz;
import org.orbitscope.model.Parameters;

/**
 * The complete state of a run at an epoch boundary: weights, Adam moments and step, the best weights so
 * far, the history, and the random state. The random stream of epoch {@code e} is derived from
 * {@code (seed, e)} alone, so "next epoch" is the whole random state. Stored in the model directory's
 * {@code checkpoint/} as {@code state.json} plus an {@code .npz} it names, written crash-safely (new
 * arrays under a fresh name, then the JSON atomically, then the old arrays deleted).
 *
 * @param epochsDone completed epochs
 * @param globalStep optimization steps taken
 * @param params current weights
 * @param adam optimizer state
 * @param best best weights so far ({@code null} before the first epoch)
 * @param bestEpoch epoch of {@code best}
 * @param bestAccuracy validation accuracy of {@code best}
 * @param history completed epochs
 * @param created time the run started
 */
public record Checkpoint(int epochsDone, long globalStep, Parameters params, Adam adam, Parameters best,
        int bestEpoch, double bestAccuracy, List<EpochRecord> history, String created) {

    /** Name of the checkpoint's JSON file. */
    public static final String STATE = "state.json";
    /** Random-state description stored for reference. */
    static final String RNG = "splitmix64, one stream per epoch derived from (seed, epoch)";

    /**
     * Saves this state into {@code dir} crash-safely.
     *
     * @param dir the checkpoint directory
     * @param seed the run's training seed (recorded with the random state)
     */
    public void save(Path dir, long seed) {
        try {
            Files.createDirectories(dir);
            String previous = null;
            Path stateFile = dir.resolve(STATE);
            if (Files.isRegularFile(stateFile)) {
                JsonNode old = ModelStore.json().readTree(stateFile.toFile());
                previous = old.path("arrays").asText(null);
            }
            String name = "state.npz".equals(previous) ? "state-1.npz" : "state.npz";
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            put(arrays, "", params);
            put(arrays, "m.", adam.firstMoments());
            put(arrays, "v.", adam.secondMoments());
            if (best != null) {
                put(arrays, "best.", best);
            }
            Npz.write(dir.resolve(name), arrays);
            ObjectNode json = ModelStore.json().createObjectNode();
            json.put("arrays", name);
            json.put("epochsDone", epochsDone);
            json.put("globalStep", globalStep);
            json.put("adamStep", adam.step());
            json.put("learningRate", adam.learningRate());
            json.put("bestEpoch", bestEpoch);
            json.put("bestAccuracy", bestAccuracy);
            json.put("created", created);
            ObjectNode rng = json.putObject("rng");
            rng.put("algorithm", RNG);
            rng.put("seed", seed);
            rng.put("nextEpoch", epochsDone + 1);
            json.set("history", ModelStore.json().valueToTree(history));
            AtomicFiles.write(stateFile, ModelStore.json().writeValueAsBytes(json));
            if (previous != null && !previous.equals(name)) {
                Files.deleteIfExists(dir.resolve(previous));
            }
        } catch (IOException e) {
            throw new OrbitscopeException(dir + ": cannot save the checkpoint (" + AtomicFiles.reason(e) + ").", e);
        }
    }

    private static void put(Map<String, NpyArray> arrays, String prefix, Parameters p) {
        for (int l = 0; l < p.layers(); l++) {
            arrays.put(prefix + "W" + l, NpyArray.of(p.weight(l).clone(), p.size(l), p.size(l + 1)));
            arrays.put(prefix + "b" + l, NpyArray.of(p.bias(l).clone(), p.size(l + 1)));
        }
    }

    private static Parameters take(Map<String, NpyArray> arrays, String prefix, int[] sizes, String name) {
        Map<String, NpyArray> sub = new LinkedHashMap<>();
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
                sub.put(k.substring(prefix.length()), e.getValue());
            }
        }
        return ModelStore.fromArrays(sub, sizes, name);
    }

    /**
     * @param dir a checkpoint directory
     * @return true if it holds a checkpoint
     */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /**
     * Loads a checkpoint.
     *
     * @param dir the checkpoint directory
     * @param sizes layer widths of the model
     * @return the state
     * @throws OrbitscopeException if it is missing or damaged
     */
    public static Checkpoint load(Path dir, int[] sizes) {
        Path stateFile = dir.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new OrbitscopeException(dir + ": no checkpoint to resume from.");
        }
        try {
            JsonNode json = ModelStore.json().readTree(stateFile.toFile());
            String name = json.path("arrays").asText("");
            if (!name.matches("state(-1)?\\.npz")) {
                throw new OrbitscopeException(stateFile + ": names no valid arrays file.");
            }
            Path file = dir.resolve(name);
            Map<String, NpyArray> arrays = Npz.read(file);
            String label = file.toString();
            Parameters params = take(arrays, "", sizes, label);
            Parameters m = take(arrays, "m.", sizes, label);
            Parameters v = take(arrays, "v.", sizes, label);
            Parameters best = arrays.containsKey("best.W0") ? take(arrays, "best.", sizes, label) : null;
            Adam adam = new Adam(json.path("learningRate").asDouble(), m, v, json.path("adamStep").asLong());
            List<EpochRecord> history = new ArrayList<>();
            for (JsonNode h : json.path("history")) {
                history.add(ModelStore.json().treeToValue(h, EpochRecord.class));
            }
            int done = json.path("epochsDone").asInt(-1);
            if (done < 0 || done != history.size()) {
                throw new OrbitscopeException(stateFile + ": epoch count and history disagree.");
            }
            return new Checkpoint(done, json.path("globalStep").asLong(), params, adam, best,
                    json.path("bestEpoch").asInt(), json.path("bestAccuracy").asDouble(), history,
                    json.path("created").asText(null));
        } catch (IOException e) {
            throw new OrbitscopeException(stateFile + ": damaged checkpoint (" + e.getMessage() + ").", e);
        }
    }
}
