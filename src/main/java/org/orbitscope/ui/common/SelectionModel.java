package org.orbitscope.ui.common;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/** The app-wide selection that linked views share: current models, sample and group element. */
public final class SelectionModel {

    // ---------------------------------------------------------------------
    // Properties
    // ---------------------------------------------------------------------

    private final ObservableList<ModelEntry> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelEntry> currentModel = new SimpleObjectProperty<>(this, "currentModel");
    private final IntegerProperty sampleIndex = new SimpleIntegerProperty(this, "sampleIndex", -1);
    private final IntegerProperty groupElement = new SimpleIntegerProperty(this, "groupElement", 0);
    private final ObservableSet<Integer> selectedSamples = FXCollections.observableSet();

    /** @return the selected models, in selection order (the first is the current one) */
    public ObservableList<ModelEntry> models() {
        return models;
    }

    /** @return the model the views focus on, or null */
    public ObjectProperty<ModelEntry> currentModelProperty() {
        return currentModel;
    }

    /** @return index of the current sample in the split being shown, -1 if none */
    public IntegerProperty sampleIndexProperty() {
        return sampleIndex;
    }

    /** @return index of the current group element (0 is the identity) */
    public IntegerProperty groupElementProperty() {
        return groupElement;
    }

    /** @return indices of the samples picked together (e.g. by box selection), in the split being shown */
    public ObservableSet<Integer> selectedSamples() {
        return selectedSamples;
    }

    // ---------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------

    /**
     * Replaces the selected models.
     *
     * @param selected the new selection; its first entry becomes the current model
     */
    public void selectModels(java.util.List<ModelEntry> selected) {
        models.setAll(selected);
        currentModel.set(selected.isEmpty() ? null : selected.get(0));
    }

    /**
     * Replaces the set of picked samples.
     *
     * @param samples the sample indices; empty to clear
     */
    public void selectSamples(java.util.Collection<Integer> samples) {
        selectedSamples.retainAll(samples);
        selectedSamples.addAll(samples);
    }
}
