package org.orbitscope.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orbitscope.ui.FxTestSupport.onFx;
import static org.orbitscope.ui.FxTestSupport.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.orbitscope.model.ModelStore;

/** The app on the repository's own models directory: what a new user sees first. */
class ShippedModelsTest {

    @Test
    void theAppListsEveryShippedModelWithItsMetrics() throws Exception {
        Path models = Path.of("models").toAbsolutePath();
        List<String> shipped;
        try (Stream<Path> s = Files.list(models)) {
            shipped = s.filter(ModelStore::isModel).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(shipped.size() >= 16, "the shipped models are in models/: " + shipped);
        try (WindowFixture f = new WindowFixture(models, 1200, 800)) {
            waitFor("the library scan", Duration.ofSeconds(20),
                    () -> f.window.library().entries().size() == shipped.size());
            assertEquals(shipped, onFx(() -> f.window.library().entries().stream().map(e -> e.name()).toList()));
            assertEquals("", onFx(() -> f.window.library().skippedText()), "no shipped model is unreadable");
            for (String headline : onFx(() -> f.window.library().entries().stream()
                    .filter(e -> "complete".equals(e.card().status()))
                    .map(e -> ModelLibrary.headline(e.card())).toList())) {
                assertTrue(headline.startsWith("Acc ") && headline.contains(" · SI "), headline);
            }
        }
    }
}
