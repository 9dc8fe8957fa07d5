package org.orbitscope.ui.probe;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignG;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.orbitscope.analysis.probe.InvarianceProfile;
import org.orbitscope.analysis.probe.Probe;
import org.orbitscope.analysis.probe.Transform;
import org.orbitscope.analysis.probe.WorstCases;
import org.orbitscope.figure.Figure;
import org.orbitscope.figure.Figures;
import org.orbitscope.ui.common.PlotView;
import org.orbitscope.ui.common.View;

/**
 * The Probe tab: an input (the selected test sample, a drawing, an image file) turned or shifted by the
 * slider, and every selected model's answer side by side, live; the invariance profiles over the slider's
 * range and the worst-case samples of the current model. Shows what its {@link ProbeModel} computes.
 */
public final class ProbeView implements View {

    /** Tooltip of the logit invariance error. */
    static final String LI_TIP = "Logit invariance error LI = ½‖f(x) − f(T x)‖²: half the squared distance "
            + "between the logits of the input and of its transformed copy. 0 means the logits do not move; "
            + "averaged over the group's elements it is the LI of Table 1.";
    /** Tooltip of the KL divergence. */
    static final String KL_TIP = "KL(softmax f(x) ‖ softmax f(T x)): how far the predicted class distribution "
            + "moves under T, in nats (the DI term of this transformation). 0 means the same probabilities.";
    /** Tooltip of the saliency cosine. */
    static final String COS_TIP = "Saliency similarity cos(m(x), T⁻¹ m(T x)): the saliency map of T x turned "
            + "back by T⁻¹ and compared with the map of x (the SI term of this transformation). 1 means the "
            + "model looks at the same pixels; integrated gradients of the true class (of the class predicted "
            + "on x for a drawing or an image), as in the Saliency view.";
    /** Tooltip of the probability bars. */
    static final String BARS_TIP = "Softmax probabilities per class: wide grey bars for x, narrow blue bars for "
            + "T x (dark blue: the class predicted on T x).";
    /** Rotations within this many degrees of a group element snap to it when the slider is let go. */
    static final double SNAP_DEGREES = 3;
    /** Below this width (px) the input panel hides itself, leaving the room to the models. */
    static final double NARROW = 760;
    /** On-screen size of an image tile (px). */
    private static final double TILE = 80;

    private final ProbeModel model;
    private final BorderPane root = new BorderPane();
    private final Slider slider = new Slider();
    private final Label amount = new Label();
    private final Label sliderName = new Label();
    private final HBox cards = new HBox(12);
    private final List<Card> shownCards = new ArrayList<>();
    private final Label cardsPlaceholder = new Label("Select models in the library: each gets a column here.");
    private final DrawingPad pad;
    private final ImageView preview = new ImageView();
    private final Label inputText = new Label();
    private final Label inputError = new Label();
    private final PlotView plot = new PlotView();
    private final ComboBox<ProbePanels.Metric> metric = new ComboBox<>();
    private final TableView<WorstCases.Row> table = new TableView<>();
    private final ToggleButton sampleButton = new ToggleButton("Sample");
    private final ToggleButton drawButton = new ToggleButton("Draw");
    private final VBox drawBox = new VBox(6);
    private final ToggleButton inputShown = new ToggleButton("Input");
    private boolean updatingSlider;
    /** The kind of transformation the slider was last set up for. */
    private Transform.Kind sliderKind;

    /** @param model the state this view shows */
    public ProbeView(ProbeModel model) {
        this.model = model;
        root.getStyleClass().add("probe-view");
        root.getStylesheets().add(Objects.requireNonNull(ProbeView.class.getResource("probe.css")).toExternalForm());
        pad = new DrawingPad(216, model::useDrawing);
        root.setTop(sliderBar());
        ScrollPane left = new ScrollPane(inputPanel());
        left.setFitToWidth(true);
        left.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        left.getStyleClass().add("probe-side");
        left.setPrefWidth(250);
        left.setMinWidth(0);
        root.setLeft(left);
        inputShown.setSelected(true);
        inputShown.setTooltip(new Tooltip("Show or hide the input panel. It hides itself when the view gets narrow "
                + "(side by side) and comes back when it is wide again."));
        inputShown.selectedProperty().addListener((obs, old, on) -> root.setLeft(on ? left : null));
        root.widthProperty().addListener((obs, old, w) -> {
            boolean wasNarrow = old.doubleValue() < NARROW;
            boolean narrow = w.doubleValue() < NARROW;
            if (w.doubleValue() > 0 && (old.doubleValue() == 0 || narrow != wasNarrow)) {
                inputShown.setSelected(!narrow);
            }
        });
        cards.getStyleClass().add("probe-cards");
        cards.setPadding(new Insets(8));
        cardsPlaceholder.getStyleClass().add("placeholder");
        cardsPlaceholder.setWrapText(true);
        ScrollPane cardScroll = new ScrollPane(cards);
        cardScroll.getStyleClass().add("probe-cards-scroll");
        TabPane lower = new TabPane(new Tab("Invariance profile", profilePane()), new Tab("Worst cases",
                worstPane()));
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        lower.getStyleClass().add("probe-lower");
        SplitPane center = new SplitPane(cardScroll, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.6);
        root.setCenter(center);

        model.answersProperty().addListener((obs, old, a) -> showAnswers(a));
        model.transformProperty().addListener((obs, old, t) -> showTransform(t));
        model.inputProperty().addListener((obs, old, in) -> showInput(in));
        model.curvesProperty().addListener((obs, old, c) -> showProfile());
        metric.valueProperty().addListener((obs, old, m) -> showProfile());
        model.selection().models().addListener((javafx.collections.ListChangeListener<Object>) c -> configureSlider());
        model.sourceProperty().addListener((obs, old, s) -> showSource(s));
        configureSlider();
        showInput(model.inputProperty().get());
        showAnswers(model.answersProperty().get());
        showSource(model.sourceProperty().get());
    }

    // ---------------------------------------------------------------------
    // Slider
    // ---------------------------------------------------------------------

    private Node sliderBar() {
        slider.setBlockIncrement(1);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setMinWidth(200);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.setTooltip(new Tooltip("Drag, or use the arrow keys (one degree or pixel per step); Page Up and "
                + "Page Down jump to the next element of the model's group, which the slider also snaps to."));
        slider.valueProperty().addListener((obs, old, v) -> {
            if (!updatingSlider) {
                model.transformProperty().set(transformAt(v.doubleValue()));
            }
        });
        slider.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing) {
                snap();
            }
        });
        slider.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.PAGE_UP || e.getCode() == KeyCode.PAGE_DOWN) {
                jump(e.getCode() == KeyCode.PAGE_UP ? 1 : -1);
                e.consume();
            }
        });
        amount.getStyleClass().add("probe-amount");
        amount.setMinWidth(70);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.probingProperty());
        Tooltip busyTip = new Tooltip("Computing the answers to the latest position (earlier ones are skipped)");
        Tooltip.install(busy, busyTip);
        HBox bar = new HBox(10, inputShown, sliderName, slider, amount, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.getStyleClass().add("probe-bar");
        return bar;
    }

    private Transform transformAt(double v) {
        double r = Math.rint(v);
        return model.kind() == Transform.Kind.SHIFT ? Transform.shift((int) r) : Transform.rotation(r);
    }

    /** Sets the slider's range and ticks for the probed models' group. */
    private void configureSlider() {
        Transform.Kind kind = model.kind();
        int range = model.range();
        List<Integer> elements = model.elementPositions();
        int spacing = elements.size() > 1 ? elements.get(1) - elements.get(0) : range;
        updatingSlider = true;
        try {
            slider.setMin(0);
            slider.setMax(kind == Transform.Kind.SHIFT ? range - 1 : range);
            slider.setMajorTickUnit(spacing);
            slider.setMinorTickCount(kind == Transform.Kind.SHIFT ? Math.max(0, spacing - 1)
                    : spacing % 15 == 0 ? spacing / 15 - 1 : 0);
            slider.setSnapToTicks(false);
            slider.setLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Double d) {
                    return kind == Transform.Kind.SHIFT ? (int) Math.rint(d) + " px" : (int) Math.rint(d) + "°";
                }

                @Override
                public Double fromString(String s) {
                    return 0.0;
                }
            });
            sliderName.setText(kind == Transform.Kind.SHIFT ? "Shift" : "Rotation θ");
            if (kind != sliderKind) {
                // a step the user chose stays while the kind of transformation does
                model.profileStepProperty().set(kind == Transform.Kind.SHIFT ? 1 : ProbeModel.DEFAULT_ANGLE_STEP);
                sliderKind = kind;
            }
        } finally {
            updatingSlider = false;
        }
        showTransform(model.transformProperty().get());
    }

    private void showTransform(Transform t) {
        updatingSlider = true;
        try {
            slider.setValue(t.amount());
        } finally {
            updatingSlider = false;
        }
        boolean element = model.group() != null && t.elementIn(model.group()) >= 0;
        amount.setText(t.label() + (element ? " ∈ G" : ""));
        amount.setTooltip(new Tooltip(element ? "A group element: applied as its exact pixel permutation"
                : "Not a group element: " + (t.kind() == Transform.Kind.SHIFT ? "a cyclic shift of the columns"
                : "bilinear interpolation about the image centre, zero outside")));
    }

    /** Moves a rotation let go near a group element onto it. */
    private void snap() {
        if (model.kind() != Transform.Kind.ROTATION) {
            return;
        }
        double v = slider.getValue();
        for (int e : model.elementPositions()) {
            for (int at : List.of(e, e + 360)) {
                if (Math.abs(v - at) <= SNAP_DEGREES && at <= slider.getMax()) {
                    slider.setValue(at);
                    return;
                }
            }
        }
    }

    private void jump(int direction) {
        List<Integer> stops = new ArrayList<>(model.elementPositions());
        if (model.kind() == Transform.Kind.ROTATION) {
            stops.add((int) slider.getMax());
        }
        double v = slider.getValue();
        Integer next = null;
        for (int s : stops) {
            if (direction > 0 && s > v + 1e-9 && (next == null || s < next)) {
                next = s;
            } else if (direction < 0 && s < v - 1e-9 && (next == null || s > next)) {
                next = s;
            }
        }
        if (next != null) {
            slider.setValue(next);
        }
    }

    // ---------------------------------------------------------------------
    // Input
    // ---------------------------------------------------------------------

    private Node inputPanel() {
        ToggleGroup sources = new ToggleGroup();
        sampleButton.setToggleGroup(sources);
        drawButton.setToggleGroup(sources);
        sampleButton.setTooltip(new Tooltip("Probe the test sample selected in the other views (it follows the "
                + "selection)"));
        drawButton.setTooltip(new Tooltip("Draw a digit with the mouse: it is centred and scaled the way the "
                + "dataset's images are"));
        sampleButton.setOnAction(e -> model.useSample());
        drawButton.setOnAction(e -> model.useDrawing(pad.grey()));
        Button open = new Button("Image…");
        open.setTooltip(new Tooltip("Probe a PNG or JPEG file: converted to grey, cropped, scaled and centred at "
                + "the dataset's geometry"));
        open.setOnAction(e -> chooseImage());
        HBox source = new HBox(4, sampleButton, drawButton, open);
        for (javafx.scene.control.ButtonBase b : List.of(sampleButton, drawButton, open)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }

        Slider brush = new Slider(4, 40, 14);
        brush.setTooltip(new Tooltip("Brush diameter"));
        brush.valueProperty().addListener((obs, old, v) -> pad.setBrush(v.doubleValue()));
        pad.setBrush(brush.getValue());
        ToggleButton erase = new ToggleButton(null, new FontIcon(MaterialDesignE.ERASER));
        erase.setTooltip(new Tooltip("Erase (or draw with the right mouse button)"));
        erase.selectedProperty().addListener((obs, old, on) -> pad.setErase(on));
        Button clear = new Button("Clear");
        clear.setTooltip(new Tooltip("Clear the drawing"));
        clear.setOnAction(e -> pad.clear());
        Label brushLabel = new Label("Brush");
        for (javafx.scene.control.Control c : List.of(brushLabel, erase, clear)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        brush.setMinWidth(40);
        HBox brushRow = new HBox(6, brushLabel, brush, erase, clear);
        brushRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(brush, Priority.ALWAYS);
        drawBox.getChildren().setAll(pad, brushRow);

        preview.setFitWidth(144);
        preview.setFitHeight(144);
        preview.setSmooth(false);
        preview.getStyleClass().add("probe-preview");
        Label previewTitle = new Label("What the network sees (36 × 36, before normalization)");
        previewTitle.setWrapText(true);
        previewTitle.getStyleClass().add("probe-caption");
        inputText.setWrapText(true);
        inputError.setWrapText(true);
        inputError.getStyleClass().add("probe-error");
        inputError.textProperty().bind(model.inputErrorProperty());
        inputError.visibleProperty().bind(model.inputErrorProperty().isNotEmpty());
        inputError.managedProperty().bind(inputError.visibleProperty());
        VBox box = new VBox(8, new Label("Input"), source, drawBox, previewTitle, preview, inputText, inputError);
        box.setPadding(new Insets(8));
        box.getStyleClass().add("probe-input");
        return box;
    }

    private void showSource(ProbeModel.Source s) {
        sampleButton.setSelected(s == ProbeModel.Source.SAMPLE);
        drawButton.setSelected(s == ProbeModel.Source.DRAWING);
        drawBox.setVisible(s == ProbeModel.Source.DRAWING);
        drawBox.setManaged(s == ProbeModel.Source.DRAWING);
    }

    private void chooseImage() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Probe an image");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Images (PNG, JPEG)", "*.png",
                "*.jpg", "*.jpeg"), new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            model.loadFile(f.toPath());
        }
    }

    private void showInput(ProbeModel.Input in) {
        preview.setImage(in == null ? null : fx(ProbePanels.grey(in.image())));
        inputText.setText(in == null ? "Select a model in the library to probe." : in.description());
    }

    private static Image fx(BufferedImage img) {
        return SwingFXUtils.toFXImage(img, null);
    }

    // ---------------------------------------------------------------------
    // Model columns
    // ---------------------------------------------------------------------

    private void showAnswers(List<ProbeModel.Answer> answers) {
        boolean same = answers.size() == shownCards.size();
        for (int i = 0; same && i < answers.size(); i++) {
            same = shownCards.get(i).entry.equals(answers.get(i).model());
        }
        if (!same || cards.getChildren().isEmpty()) {
            shownCards.clear();
            for (ProbeModel.Answer a : answers) {
                shownCards.add(new Card(a.model()));
            }
            cards.getChildren().setAll(shownCards.isEmpty() ? List.of(cardsPlaceholder)
                    : shownCards.stream().map(c -> (Node) c.box).toList());
        }
        for (int i = 0; i < answers.size(); i++) {
            shownCards.get(i).show(answers.get(i));
        }
    }

    /** One model's column: its images, probabilities and numbers. */
    private static final class Card {
        private final org.orbitscope.ui.common.ModelEntry entry;
        private final VBox box = new VBox(3);
        private final ImageView[] tiles = {new ImageView(), new ImageView(), new ImageView()};
        private final ImageView bars = new ImageView();
        private final Label predicted = new Label();
        private final Label li = new Label();
        private final Label kl = new Label();
        private final Label cos = new Label();
        private final Label note = new Label();

        Card(org.orbitscope.ui.common.ModelEntry entry) {
            this.entry = entry;
            Label name = new Label(entry.name());
            name.getStyleClass().add("probe-model-name");
            HBox row = new HBox(6);
            String[] captions = {"T x", "m(x)", "T⁻¹ m(T x)"};
            String[] tips = {"The transformed input, what the network sees", "Saliency of x (integrated gradients, "
                + "thresholded and blurred as in the Saliency view)", "Saliency of T x turned back by T⁻¹: equal to "
                + "m(x) for a model invariant to T"};
            for (int i = 0; i < tiles.length; i++) {
                tiles[i].setFitWidth(TILE);
                tiles[i].setFitHeight(TILE);
                tiles[i].setSmooth(false);
                Label c = new Label(captions[i]);
                c.getStyleClass().add("probe-caption");
                VBox t = new VBox(2, tiles[i], c);
                Tooltip.install(t, new Tooltip(tips[i]));
                row.getChildren().add(t);
            }
            Tooltip.install(bars, tip(BARS_TIP));
            predicted.setTooltip(tip(BARS_TIP));
            li.setTooltip(tip(LI_TIP));
            kl.setTooltip(tip(KL_TIP));
            cos.setTooltip(tip(COS_TIP));
            note.setWrapText(true);
            note.getStyleClass().add("probe-caption");
            for (Label l : List.of(li, kl, cos)) {
                l.getStyleClass().add("probe-metric");
            }
            box.getChildren().addAll(name, row, bars, predicted, li, kl, cos, note);
            box.getStyleClass().add("probe-card");
            box.setPrefWidth(3 * TILE + 2 * 6 + 16);
            box.setMinWidth(3 * TILE + 2 * 6 + 16);
        }

        private static Tooltip tip(String text) {
            Tooltip t = new Tooltip(text);
            t.setWrapText(true);
            t.setPrefWidth(380);
            t.setShowDuration(Duration.seconds(30));
            return t;
        }

        void show(ProbeModel.Answer a) {
            Probe.Result r = a.result();
            if (r == null) {
                for (ImageView v : tiles) {
                    v.setImage(null);
                }
                bars.setImage(null);
                predicted.setText("");
                li.setText("");
                kl.setText("");
                cos.setText("");
                note.setText(a.error());
                return;
            }
            float max = ProbePanels.max(r.saliency(), r.realigned());
            tiles[0].setImage(fx(ProbePanels.grey(r.transformed())));
            tiles[1].setImage(fx(ProbePanels.overlay(a.image(), r.saliency(), max)));
            tiles[2].setImage(fx(ProbePanels.overlay(a.image(), r.realigned(), max)));
            int bw = (int) (3 * TILE + 12);
            int bh = 64;
            double density = box.getScene() != null && box.getScene().getWindow() != null
                    ? Math.max(1, box.getScene().getWindow().getOutputScaleX()) : 1;
            BufferedImage img = Figures.canvas((int) Math.round(bw * density), (int) Math.round(bh * density));
            Graphics2D g = img.createGraphics();
            Figures.quality(g);
            g.scale(density, density);
            ProbePanels.bars(g, 0, 0, bw, bh, r, 1);
            g.dispose();
            bars.setImage(fx(img));
            bars.setFitWidth(bw);
            bars.setFitHeight(bh);
            List<String> names = a.classNames();
            predicted.setText("x → " + cls(names, r.predicted()) + "   T x → " + cls(names, r.transformedPredicted())
                    + String.format(Locale.ROOT, " (p %.3f)", r.transformedProbabilities()[r.transformedPredicted()]));
            li.setText("LI  " + ProbePanels.format(r.li()));
            kl.setText("KL  " + ProbePanels.format(r.kl()));
            cos.setText("saliency cosine  " + ProbePanels.format(r.cosine()));
            note.setText("Saliency of class " + cls(names, r.target()) + "; " + ProbePanels.how(r) + ".");
        }

        private static String cls(List<String> names, int c) {
            return c >= 0 && c < names.size() && !names.get(c).equals(Integer.toString(c)) ? c + " " + names.get(c)
                    : Integer.toString(c);
        }
    }

    // ---------------------------------------------------------------------
    // Profile
    // ---------------------------------------------------------------------

    private Node profilePane() {
        Spinner<Integer> step = new Spinner<>(1, 90, model.profileStepProperty().get());
        step.setEditable(true);
        step.setPrefWidth(80);
        step.setTooltip(new Tooltip("Step of the profile: degrees for rotations, pixels for shifts"));
        step.valueProperty().addListener((obs, old, v) -> model.profileStepProperty().set(v));
        model.profileStepProperty().addListener((obs, old, v) -> step.getValueFactory().setValue(v));
        Spinner<Integer> samples = new Spinner<>(10, 50_000, model.profileSamplesProperty().get(), 100);
        samples.setEditable(true);
        samples.setPrefWidth(90);
        samples.setTooltip(new Tooltip("The first N test samples are averaged at every angle or shift"));
        samples.valueProperty().addListener((obs, old, v) -> model.profileSamplesProperty().set(v));
        metric.getItems().setAll(ProbePanels.Metric.values());
        metric.setValue(ProbePanels.Metric.LI);
        metric.setTooltip(new Tooltip("LI: mean ½‖f(x) − f(T x)‖²; DI: mean KL of the predictive distributions; "
                + "Accuracy: fraction of T x classified correctly"));
        Button run = new Button("Run", new FontIcon(MaterialDesignP.PLAY));
        run.setTooltip(new Tooltip("Compute the profile of the selected models"));
        run.setOnAction(e -> model.runProfile());
        Button stop = new Button(null, new FontIcon(MaterialDesignS.STOP));
        stop.setTooltip(new Tooltip("Cancel the profile"));
        stop.setOnAction(e -> model.cancelProfile());
        stop.disableProperty().bind(model.profileRunningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(100);
        progress.progressProperty().bind(model.profileProgressProperty());
        progress.visibleProperty().bind(model.profileRunningProperty());
        Label status = new Label();
        status.textProperty().bind(model.profileStatusProperty());
        status.setMinWidth(0);
        status.getStyleClass().add("probe-caption");
        FlowPane bar = new FlowPane(8, 6, new Label("Step"), step, new Label("Samples"), samples, metric, run, stop,
                progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        plot.setMinSize(0, 0);
        plot.setPrefSize(600, 220);
        Label empty = new Label("No profile yet: Run draws LI, DI or accuracy against the angle (or shift) for "
                + "every selected model, with the group's elements marked.");
        empty.getStyleClass().add("placeholder");
        empty.setWrapText(true);
        empty.setVisible(model.curvesProperty().get().isEmpty());
        javafx.scene.layout.StackPane plotBox = new javafx.scene.layout.StackPane(plot, empty);
        plotBox.setMinSize(0, 0);
        model.curvesProperty().addListener((obs, old, c) -> empty.setVisible(c.isEmpty()));
        VBox.setVgrow(plotBox, Priority.ALWAYS);
        VBox box = new VBox(6, bar, status, plotBox);
        box.setPadding(new Insets(6, 8, 6, 8));
        return box;
    }

    private void showProfile() {
        List<ProbeModel.Curve> c = model.curvesProperty().get();
        if (!c.isEmpty() && metric.getValue() != null) {
            plot.show(ProbePanels.profile(c, metric.getValue(), c.get(0).points().get(0).transform().kind()));
        }
    }

    // ---------------------------------------------------------------------
    // Worst cases
    // ---------------------------------------------------------------------

    private Node worstPane() {
        ComboBox<WorstCases.By> by = new ComboBox<>();
        by.getItems().setAll(WorstCases.By.values());
        by.valueProperty().bindBidirectional(model.worstByProperty());
        by.setTooltip(new Tooltip("li / di: largest mean error over the sample's orbit first; si: lowest saliency "
                + "similarity first (slower: integrated gradients of the whole orbit); flip: samples misclassified "
                + "under some group element, most such elements first"));
        ComboBox<String> label = new ComboBox<>();
        Runnable classes = () -> {
            List<String> items = new ArrayList<>(List.of("All classes"));
            List<String> names = model.classNames();
            for (int i = 0; i < names.size(); i++) {
                items.add(i + " " + names.get(i));
            }
            label.getItems().setAll(items);
            label.getSelectionModel().select(0);
        };
        classes.run();
        model.selection().models().addListener((javafx.collections.ListChangeListener<Object>) c -> classes.run());
        label.getSelectionModel().selectedIndexProperty().addListener((obs, old, i) ->
                model.worstLabelProperty().set(Math.max(0, i.intValue()) - 1));
        label.setTooltip(new Tooltip("Keep only samples of this true class"));
        Spinner<Integer> pool = new Spinner<>(10, 50_000, model.worstPoolProperty().get(), 500);
        pool.setEditable(true);
        pool.setPrefWidth(90);
        pool.setTooltip(new Tooltip("Rank the first N test samples"));
        pool.valueProperty().addListener((obs, old, v) -> model.worstPoolProperty().set(v));
        Spinner<Integer> top = new Spinner<>(1, 1000, model.worstTopProperty().get(), 10);
        top.setEditable(true);
        top.setPrefWidth(80);
        top.setTooltip(new Tooltip("Rows kept"));
        top.valueProperty().addListener((obs, old, v) -> model.worstTopProperty().set(v));
        Button run = new Button("Rank", new FontIcon(MaterialDesignG.GESTURE_TAP));
        run.setTooltip(new Tooltip("Rank the current model's test samples"));
        run.setOnAction(e -> model.runWorst());
        Button stop = new Button(null, new FontIcon(MaterialDesignS.STOP));
        stop.setTooltip(new Tooltip("Cancel the ranking"));
        stop.setOnAction(e -> model.cancelWorst());
        stop.disableProperty().bind(model.worstRunningProperty().not());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(100);
        progress.progressProperty().bind(model.worstProgressProperty());
        progress.visibleProperty().bind(model.worstRunningProperty());
        Label status = new Label();
        status.textProperty().bind(model.worstStatusProperty());
        status.setMinWidth(0);
        status.getStyleClass().add("probe-caption");
        FlowPane bar = new FlowPane(8, 6, new Label("By"), by, label, new Label("Samples"), pool, new Label("Top"), top,
                run, stop, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        table.getColumns().setAll(List.of(
                column("Sample", r -> Integer.toString(r.sample()), "Index in the test split"),
                column("Label", r -> Integer.toString(r.label()), "True class"),
                column("Pred.", r -> Integer.toString(r.predicted()), "Class predicted on the sample itself"),
                column("LI", r -> ProbePanels.format(r.li()), "Mean over the orbit of ½‖f(x) − f(g x)‖²"),
                column("DI", r -> ProbePanels.format(r.di()), "Mean over the orbit of KL(softmax f(x) ‖ softmax "
                        + "f(g x))"),
                column("SI", r -> ProbePanels.format(r.si()), "Mean saliency cosine over the orbit (ranking by si)"),
                column("Wrong", r -> r.misclassified() + "/" + r.order(), "Orbit points g x misclassified"),
                column("min p(y)", r -> ProbePanels.format(r.minTrueProbability()), "Lowest probability of the "
                        + "true class over the orbit")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("Rank to list the samples the current model is least invariant on."));
        model.worstProperty().addListener((obs, old, rows) -> table.getItems().setAll(rows));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.chooseWorst(row));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(6, bar, status, table);
        box.setPadding(new Insets(6, 8, 6, 8));
        return box;
    }

    private static TableColumn<WorstCases.Row, String> column(String name,
            java.util.function.Function<WorstCases.Row, String> text, String tip) {
        TableColumn<WorstCases.Row, String> c = new TableColumn<>();
        Label header = new Label(name);
        header.setTooltip(new Tooltip(tip));
        c.setGraphic(header);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(text.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }

    // ---------------------------------------------------------------------
    // For tests
    // ---------------------------------------------------------------------

    /** @return the state (for tests) */
    ProbeModel model() {
        return model;
    }

    /** @return the slider (for tests) */
    Slider slider() {
        return slider;
    }

    /** @return the drawing pad (for tests) */
    DrawingPad pad() {
        return pad;
    }

    /** @return the preview of the network's input (for tests) */
    ImageView preview() {
        return preview;
    }

    /** @return the worst-case table (for tests) */
    TableView<WorstCases.Row> table() {
        return table;
    }

    /** @return the input's error line (for tests) */
    Label inputErrorLabel() {
        return inputError;
    }

    // ---------------------------------------------------------------------
    // View
    // ---------------------------------------------------------------------

    @Override
    public String title() {
        return "Probe";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void setShowing(boolean showing) {
        model.setShowing(showing);
    }

    @Override
    public Node snapshotTarget() {
        return cards;
    }

    @Override
    public Optional<Figure> figure(double scale) {
        ProbeModel.Input in = model.inputProperty().get();
        List<ProbeModel.Answer> answers = model.answersProperty().get();
        if (in == null || answers.stream().allMatch(a -> a.result() == null)) {
            return Optional.empty();
        }
        return Optional.of(ProbePanels.figure(in.description(), answers, model.curvesProperty().get(),
                metric.getValue(), model.kind(), scale));
    }

    /**
     * Writes the numbers shown, one value per line: the probe's answers (per model and class), the profiles
     * (per model and transformation) and the worst-case rows.
     */
    @Override
    public void writeCsv(Appendable out) throws IOException {
        out.append("section,model,sample,transform,element,quantity,value\n");
        ProbeModel.Input in = model.inputProperty().get();
        String sample = in == null || in.sample() < 0 ? "" : Integer.toString(in.sample());
        for (ProbeModel.Answer a : model.answersProperty().get()) {
            Probe.Result r = a.result();
            if (r == null) {
                continue;
            }
            String head = "probe," + csv(a.model().name()) + "," + sample + "," + csv(r.transform().toString()) + ","
                    + r.element() + ",";
            out.append(head).append("predicted,").append(Integer.toString(r.predicted())).append('\n');
            out.append(head).append("transformed_predicted,").append(Integer.toString(r.transformedPredicted()))
                    .append('\n');
            out.append(head).append("li,").append(Double.toString(r.li())).append('\n');
            out.append(head).append("kl,").append(Double.toString(r.kl())).append('\n');
            out.append(head).append("saliency_cosine,").append(Double.toString(r.cosine())).append('\n');
            out.append(head).append("saliency_target,").append(Integer.toString(r.target())).append('\n');
            for (int j = 0; j < r.probabilities().length; j++) {
                out.append(head).append("p_x_").append(Integer.toString(j)).append(',')
                        .append(Double.toString(r.probabilities()[j])).append('\n');
                out.append(head).append("p_tx_").append(Integer.toString(j)).append(',')
                        .append(Double.toString(r.transformedProbabilities()[j])).append('\n');
            }
        }
        for (ProbeModel.Curve c : model.curvesProperty().get()) {
            for (InvarianceProfile.Point p : c.points()) {
                String head = "profile," + csv(c.model().name()) + ",," + csv(p.transform().toString()) + ","
                        + p.element() + ",";
                out.append(head).append("li,").append(Double.toString(p.li())).append('\n');
                out.append(head).append("di,").append(Double.toString(p.di())).append('\n');
                out.append(head).append("accuracy,").append(Double.toString(p.accuracy())).append('\n');
            }
        }
        org.orbitscope.ui.common.ModelEntry wm = model.worstModelProperty().get();
        for (WorstCases.Row r : model.worstProperty().get()) {
            String head = "worst," + csv(wm == null ? "" : wm.name()) + "," + r.sample() + ",orbit,,";
            out.append(head).append("label,").append(Integer.toString(r.label())).append('\n');
            out.append(head).append("predicted,").append(Integer.toString(r.predicted())).append('\n');
            out.append(head).append("li,").append(Double.toString(r.li())).append('\n');
            out.append(head).append("di,").append(Double.toString(r.di())).append('\n');
            out.append(head).append("si,").append(Double.toString(r.si())).append('\n');
            out.append(head).append("misclassified,").append(Integer.toString(r.misclassified())).append('\n');
            out.append(head).append("min_true_probability,").append(Double.toString(r.minTrueProbability()))
                    .append('\n');
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
