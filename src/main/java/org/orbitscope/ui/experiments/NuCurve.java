package org.orbitscope.ui.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.LinePlot;
import org.orbitscope.model.ModelConfig;
import org.orbitscope.model.ModelStore;

/**
 * One nu-tuning curve as {@code tune-nu} and {@code reproduce-models} write it
 * ({@code models/nu-tuning/<dataset>-<group>-<reg>.json}), and its figure.
 *
 * @param file the JSON file it was read from
 * @param dataset dataset id
 * @param group group id
 * @param regularizer IR regularizer id
 * @param targetSi the SI the tuning aimed at
 * @param chosenNu the nu that was chosen
 * @param reached whether some nu reached the target
 * @param points the curve, in file order
 */
record NuCurve(Path file, String dataset, String group, String regularizer, double targetSi, double chosenNu,
        boolean reached, List<Point> points) {

    /** Colour of the chosen-nu line. */
    private static final Color CHOSEN = new Color(0x555555);

    /** Sub-folder of the models directory that holds the curves. */
    static final String FOLDER = org.orbitscope.model.TunedNu.FOLDER;

    /**
     * One tried nu.
     *
     * @param nu IR weight
     * @param epochs short-training epochs
     * @param accuracy validation accuracy
     * @param si validation SI
     * @param li validation LI
     * @param di validation DI
     */
    record Point(double nu, int epochs, double accuracy, double si, double li, double di) {
    }

    /** @return e.g. "tmnist R4 IR-l2" */
    String label() {
        return dataset + " " + group.toUpperCase(Locale.ROOT) + " IR-" + regularizer;
    }

    /**
     * Reads one curve file.
     *
     * @param file the JSON file
     * @return the curve
     * @throws OrbitscopeException if the file cannot be read or lacks a field
     */
    static NuCurve read(Path file) {
        JsonNode json;
        try {
            json = ModelStore.json().readTree(file.toFile());
        } catch (IOException e) {
            throw new OrbitscopeException("Cannot read the nu-tuning curve " + file + ": " + e.getMessage());
        }
        JsonNode curve = json.path("curve");
        if (!curve.isArray() || !json.hasNonNull("chosenNu")) {
            throw new OrbitscopeException(file + " is not a nu-tuning curve (no curve or chosenNu).");
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode p : curve) {
            points.add(new Point(p.path("nu").asDouble(Double.NaN), p.path("epochs").asInt(0),
                    p.path("accuracy").asDouble(Double.NaN), p.path("si").asDouble(Double.NaN),
                    p.path("li").asDouble(Double.NaN), p.path("di").asDouble(Double.NaN)));
        }
        points.sort((a, b) -> Double.compare(a.nu(), b.nu()));
        return new NuCurve(file, json.path("dataset").asText("?"), json.path("group").asText("?"),
                json.path("regularizer").asText("?"), json.path("targetSi").asDouble(Double.NaN),
                json.path("chosenNu").asDouble(), json.path("reached").asBoolean(false), List.copyOf(points));
    }

    /**
     * Reads every curve of a models directory; unreadable files are skipped.
     *
     * @param modelsDir the models directory
     * @return the curves sorted by file name (empty if there is no nu-tuning folder)
     */
    static List<NuCurve> readAll(Path modelsDir) {
        Path dir = modelsDir.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<NuCurve> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(read(f));
                } catch (OrbitscopeException e) {
                    // not a curve: leave it out
                }
            }
        } catch (IOException e) {
            throw new OrbitscopeException("Cannot list " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Draws accuracy and SI against nu (log10 axis), the chosen nu as a vertical dashed line and the target
     * SI as a horizontal dashed line.
     *
     * @param scale resolution multiplier
     * @return the figure, 1000 x 400 pixels at scale 1
     */
    Figure figure(double scale) {
        int w = (int) Math.round(1000 * scale);
        int h = (int) Math.round(400 * scale);
        return new Figure(w, h, g -> {
            int n = points.size();
            double[] x = new double[n];
            double[] acc = new double[n];
            double[] si = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.log10(points.get(i).nu());
                acc[i] = points.get(i).accuracy();
                si[i] = points.get(i).si();
            }
            String xLabel = "log₁₀ ν (IR weight)";
            String chosen = String.format(Locale.ROOT, "chosen ν = %s%s", ModelConfig.trim(Double.parseDouble(
                    String.format(Locale.ROOT, "%.3g", chosenNu))),
                    reached ? "" : " (target not reached)");
            LinePlot accPlot = new LinePlot(label() + ": validation accuracy", xLabel, "accuracy");
            accPlot.add(new LinePlot.Series("accuracy", x, acc, LinePlot.PALETTE[0], LinePlot.Dash.SOLID, 1.8f, true));
            accPlot.vertical(chosen, Math.log10(chosenNu), CHOSEN, LinePlot.Dash.DOTTED, 1.4f);
            LinePlot siPlot = new LinePlot(label() + ": validation SI", xLabel, "SI");
            siPlot.add(new LinePlot.Series("SI", x, si, LinePlot.PALETTE[1], LinePlot.Dash.SOLID, 1.8f, true));
            siPlot.vertical(chosen, Math.log10(chosenNu), CHOSEN, LinePlot.Dash.DOTTED, 1.4f);
            siPlot.legendBottom(true); // SI rises with nu: the bottom-right corner is the empty one
            // SI is at most 1: show up to 1, so the target line stands clear of the frame
            double lowest = Math.min(targetSi, java.util.Arrays.stream(si).filter(Double::isFinite).min().orElse(0));
            siPlot.yRange(Math.max(0, Math.floor((lowest - 0.005) * 20) / 20), 1);
            if (Double.isFinite(targetSi) && n > 0) {
                siPlot.add(new LinePlot.Series(String.format(Locale.ROOT, "target SI = %.3g", targetSi),
                        new double[] {x[0], x[n - 1]}, new double[] {targetSi, targetSi}, new Color(0xd62728),
                        LinePlot.Dash.DASHED, 1.4f, false));
            }
            int pad = (int) Math.round(10 * scale);
            int cw = (w - 3 * pad) / 2;
            accPlot.draw(g, pad, pad, cw, h - 2 * pad, scale);
            siPlot.draw(g, 2 * pad + cw, pad, cw, h - 2 * pad, scale);
        });
    }
}
