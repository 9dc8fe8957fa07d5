package org.orbitscope.ui.shell;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.orbitscope.analysis.embedding.BarnesHutTsne;
import org.orbitscope.analysis.embedding.OrbitEmbedder;
import org.orbitscope.analysis.embedding.TsneSettings;
import org.orbitscope.analysis.layers.LayerProfile;
import org.orbitscope.metrics.SaliencySettings;

/**
 * The help window: the exact definition and default settings behind every metric the app shows. The
 * saliency settings are read from {@link SaliencySettings#DEFAULT}, so the text cannot drift from the code.
 */
final class MetricsHelp {

    private MetricsHelp() {
    }

    /**
     * Opens the help window; Esc closes it.
     *
     * @param owner the main window
     * @return the help window
     */
    static Stage show(Window owner) {
        SaliencySettings s = SaliencySettings.DEFAULT;
        VBox box = new VBox(10);
        box.setPadding(new Insets(16));
        box.getStyleClass().add("metrics-help");
        box.getChildren().addAll(
                heading("How Orbitscope measures invariance"),
                text("All metrics are means over the evaluated samples x and over ALL elements g of the group "
                        + "(the identity included), on the normalized input, as in the specification (section 5). "
                        + "With several training seeds, tables show mean ± sample standard deviation."),
                heading("Acc — accuracy"),
                text("Acc = mean over x and g of [argmax f(g·x) = y]: accuracy over every point of every orbit."),
                heading("LI — logit invariance error"),
                text("LI = ½ ‖f(x) − f(g·x)‖² on the raw logits. Zero only for a genuinely invariant network; "
                        + "a weight-tied model reaches it up to float rounding (about 1e-12)."),
                heading("DI — predictive distribution invariance error"),
                text("DI = KL( softmax f(x) ‖ softmax f(g·x) ). Blind to shifts of all logits by a constant, so "
                        + "LI = 0 implies DI = 0 but not the reverse."),
                heading("SI — saliency invariance similarity"),
                text("SI = cos( m(x), g⁻¹·m(g·x) ): how much the saliency map, realigned to a common "
                        + "orientation, changes along the orbit (1 = identical decision evidence)."),
                text(String.format(Locale.ROOT, "Saliency map m: %s of the %s logit, %d steps, midpoint rule, "
                        + "baseline %s (pixel 0 before normalization); absolute value; values below %.2f × the map's "
                        + "maximum set to 0; %d×%d Gaussian filter, σ = %.1f, kernel normalized to sum 1, %s "
                        + "boundaries (they commute with rotations and cyclic shifts). Both maps zero: cosine 1; "
                        + "exactly one zero: 0.", name(s.method()), name(s.target()), s.steps(), name(s.baseline()),
                        s.threshold(), s.blurSize(), s.blurSize(), s.blurSigma(), name(s.boundary()))),
                text("Completeness gap of integrated gradients: |Σ attributions − (f_c(x) − f_c(baseline))|; "
                        + "small values mean the number of steps was enough."),
                heading("SigmaMax — sensitivity"),
                text("SigmaMax = largest singular value of the 9 × 1296 input Jacobian ∂f/∂x at x, averaged over "
                        + "samples: how strongly any input perturbation moves the logits."),
                heading("Drift"),
                text("D(β) = (1 − β)·x_T-MNIST + β·x_T-FMNIST, "
                        + "test sample i with test sample i, labelled with the "
                        + "T-MNIST label, normalized with the model's own statistics. Reported: DI on D(β) and "
                        + "Acc(D(β)) / Acc(D(0))."),
                heading("Embedding — orbit/class distance ratio"),
                text("ratio = mean ‖z_i − z_j‖ over pairs of points of one orbit (one sample under two group "
                        + "elements) ÷ mean ‖z_i − z_j‖ over pairs of points of one true class from different "
                        + "samples; shown for the 2-D layout and for the penultimate activations themselves. Near 0: "
                        + "every orbit collapses to a point (genuine invariance). Near 1: a sample's orbit spreads as "
                        + "far as its whole class (paper Figure 2)."),
                text(String.format(Locale.ROOT, "Layout: the penultimate activations of every orbit point of the "
                        + "first N test samples, reduced by PCA to %d dimensions, then t-SNE: perplexity %.0f, %d "
                        + "iterations and learning rate %.0f by default; early exaggeration %.0f and momentum 0.5 for "
                        + "the first %d iterations, 0.8 after. Barnes-Hut (default): affinities over the 3 × "
                        + "perplexity nearest neighbours, repulsion through a quadtree with θ = %.1f. Exact: smile's "
                        + "t-SNE over all pairs.", OrbitEmbedder.PCA_DIMS, TsneSettings.DEFAULT_PERPLEXITY,
                        TsneSettings.DEFAULT_ITERATIONS, TsneSettings.DEFAULT_LEARNING_RATE,
                        BarnesHutTsne.EXAGGERATION, BarnesHutTsne.EXAGGERATION_ITERATIONS,
                        BarnesHutTsne.DEFAULT_THETA)),
                heading("Layers — where invariance lives"),
                text("For every unit u of a layer (hidden layers h1 … h5, then the logits): O_u = the variance of "
                        + "its activation over the orbit {g·x : g ∈ G} of a sample, averaged over the samples; T_u = "
                        + "its variance over all samples × group elements. The unit's invariance is O_u / T_u, in "
                        + "[0, 1]: 0 = it does not move along orbits, 1 = it encodes only the group element (T = O + "
                        + "the variance of the orbit means). A layer's value is the mean over its units that vary; "
                        + "a unit whose activation never changes (a dead ReLU) has no ratio: it is counted, shown "
                        + "grey and left out. Settings: per-element divides by the variance over the samples at each "
                        + "group element, averaged over the elements (the normalization of tmeasures); none keeps "
                        + "O_u, whose sum over the logits is LI averaged over each orbit's points as references. "
                        + "Default: the first " + LayerProfile.DEFAULT_SAMPLES + " test samples, full orbits."),
                heading("During training"),
                text("Per epoch: validation accuracy (each validation sample with its fixed random group element), "
                        + "LI, DI and every layer's invariance (O / T, above) over the full orbits of the first 256 "
                        + "validation samples, SigmaMax on the first 16. These monitor the run; reported metrics come "
                        + "from evaluation on the test split."));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Orbitscope: metric definitions");
        Scene scene = new Scene(scroll, 640, 720);
        // a help window closes like a dialog: Esc
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                stage.close();
            }
        });
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static Label heading(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("title-4");
        return l;
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }
}
