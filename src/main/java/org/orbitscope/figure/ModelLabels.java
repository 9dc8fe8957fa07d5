package org.orbitscope.figure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.Table1;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelConfig;

/**
 * The names figures give models: short ones ({@code DA}, {@code IR}, {@code WT}, made longer only as far
 * as needed to tell the shown models apart) or the names in their cards.
 */
public final class ModelLabels {

    /** Which labels a figure uses. */
    public enum Style {
        /** {@code DA}, {@code IR}, {@code WT}; then {@code IR-l2}, seeds, group and dataset if they collide. */
        SHORT("short"),
        /** The name in each model's card. */
        NAME("name");

        private final String id;

        Style(String id) {
            this.id = id;
        }

        /** @return the command-line name, {@code short} or {@code name} */
        public String id() {
            return id;
        }

        /**
         * @param id {@code short} or {@code name}
         * @return the style
         * @throws OrbitscopeException for another name
         */
        public static Style byId(String id) {
            for (Style s : values()) {
                if (s.id.equalsIgnoreCase(id)) {
                    return s;
                }
            }
            throw new OrbitscopeException("Unknown labels '" + id + "': expected short or name.");
        }
    }

    private ModelLabels() {
    }

    /**
     * Labels for models shown together.
     *
     * @param cards the models' cards, in figure order
     * @param fallbackNames names to use where a card has none (e.g. the directory names), same order
     * @param style short labels or card names
     * @return one label per model
     */
    public static List<String> of(List<ModelCard> cards, List<String> fallbackNames, Style style) {
        if (style == Style.NAME) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < cards.size(); i++) {
                String n = cards.get(i).name();
                out.add(n == null || n.isBlank() ? fallbackNames.get(i) : n);
            }
            return out;
        }
        return shortLabels(cards.stream().map(ModelCard::config).toList());
    }

    /**
     * Short labels: the kind alone while that tells the models apart, else with the regularizer, the
     * training seed, the group and the dataset, in that order, as far as needed.
     *
     * @param configs the models' configurations, in figure order
     * @return one label per model, distinct unless two models have the same configuration
     */
    public static List<String> shortLabels(List<ModelConfig> configs) {
        List<Function<ModelConfig, String>> steps = List.of(
            c -> c.kind().name(),
            Table1::kind,
            c -> Table1.kind(c) + " s" + c.seed(),
            c -> Table1.kind(c) + " " + c.group().toUpperCase(Locale.ROOT) + " s" + c.seed(),
            c -> Table1.kind(c) + " " + c.dataset() + " " + c.group().toUpperCase(Locale.ROOT) + " s" + c.seed());
        List<String> labels = List.of();
        for (Function<ModelConfig, String> step : steps) {
            labels = configs.stream().map(step).toList();
            if (new HashSet<>(labels).size() == labels.size()) {
                return labels;
            }
        }
        return labels;
    }
}
