package org.orbitscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend downwards only: the command line ({@code cli}) and the desktop app ({@code ui}) sit on
 * top of the compute packages, and only the composition root ({@code app}) names them. Checkstyle's import
 * control sees imports only; this test also catches fully qualified names in code.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java", "org", "orbitscope");
    private static final Pattern REFERENCE = Pattern.compile("org\\.orbitscope\\.(cli|app|ui)\\b");

    @Test
    void onlyTheCompositionRootNamesTheCommandLineOrTheApp() throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(MAIN)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 50, "found the sources: " + sources.size());
        StringBuilder wrong = new StringBuilder();
        for (Path file : sources) {
            String top = MAIN.relativize(file).getNameCount() > 1 ? MAIN.relativize(file).getName(0).toString() : "";
            if (top.equals("app")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                if (!m.group(1).equals(top)) {
                    wrong.append(MAIN.relativize(file)).append(" names org.orbitscope.").append(m.group(1))
                            .append('\n');
                }
            }
        }
        assertEquals("", wrong.toString());
    }
}
