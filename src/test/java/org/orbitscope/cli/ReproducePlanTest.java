package org.orbitscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;

/**
 * {@code reproduce-models --plan} and {@code --job}: the sweep as independent jobs, run by workers sharing a
 * folder.
 */
class ReproducePlanTest {

    /** A sweep small enough for a test: one group, one seed, one regularizer, one epoch on 128 samples. */
    private static final List<String> TINY = List.of("--groups", "r4", "--seeds", "0", "--regularizers", "l2",
            "--epochs", "1", "--tune-epochs", "1", "--tune-samples", "8", "--eval-samples", "10",
            "--train-subset", "128", "--monitor-samples", "4", "--sigma-samples", "1");

    @TempDir
    Path tmp;

    private static List<String> args(String first, Path out, List<String> more) {
        List<String> a = new ArrayList<>(List.of(first, "--out", out.toString()));
        a.addAll(more);
        return a;
    }

    @Test
    void planListsEveryJobOnceWithEachNuSearchBeforeTheTrainingsThatUseIt() {
        Path out = tmp.resolve("my models");
        CliRun r = CliRun.run(args("reproduce-models", out, List.of("--plan")).toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        // T-MNIST, r4 and t3, seeds 0-3: 6 nu searches (2 groups x 3 regularizers), 10 models of seed 0
        // (DA, WT, IR l2/kl/l2norm per group) and 6 for each of the 3 other seeds (DA, WT, IR l2 per group)
        assertEquals(6 + 10 + 3 * 6, lines.size(), r.out());
        assertEquals(lines.size(), lines.stream().distinct().count(), "each job once");
        List<String> jobs = new ArrayList<>();
        for (String line : lines) {
            List<String> words = shellWords(line);
            assertEquals("orbitscope", words.get(0), line);
            assertEquals("reproduce-models", words.get(1), line);
            assertEquals(out.toAbsolutePath().toString(), words.get(words.indexOf("--out") + 1),
                    "the folder with a space comes back as one word: " + line);
            assertEquals("--job", words.get(words.size() - 2), line);
            jobs.add(words.get(words.size() - 1));
        }
        for (int i = 0; i < jobs.size(); i++) {
            String job = jobs.get(i);
            if (job.contains("-ir-")) {
                // tmnist-t3-ir-kl-s0 uses nu-tuning/tmnist-t3-kl
                String key = job.substring(0, job.indexOf("-ir-")) + "-"
                        + job.substring(job.indexOf("-ir-") + 4, job.lastIndexOf("-s"));
                int search = jobs.indexOf("nu-tuning/" + key);
                assertTrue(search >= 0 && search < i, job + " comes after nu-tuning/" + key + " in " + jobs);
            }
        }
        assertTrue(Files.notExists(out), "--plan runs nothing and writes nothing");

        CliRun unknown = CliRun.run(args("reproduce-models", out, List.of("--job", "tmnist-r4-xx-s0"))
                .toArray(String[]::new));
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("Unknown job 'tmnist-r4-xx-s0'"), unknown.err());

        CliRun custom = CliRun.run(args("reproduce-models", out, List.of("--plan", "--seeds", "0", "--groups", "r4",
                "--plan-command", "java -jar orbitscope.jar")).toArray(String[]::new));
        assertTrue(custom.out().lines().allMatch(l -> l.startsWith("java -jar orbitscope.jar reproduce-models ")),
                custom.out());
    }

    @Test
    void shellQuotingSurvivesSpacesAndQuotes() {
        assertEquals("plain/path-1,2", ReproduceModelsCommand.shellQuote("plain/path-1,2"));
        assertEquals(List.of("a b", "it's", ""), shellWords(ReproduceModelsCommand.shellQuote("a b") + " "
                + ReproduceModelsCommand.shellQuote("it's") + " " + ReproduceModelsCommand.shellQuote("")));
    }

    /**
     * Two worker processes on one models directory at the same time, one running the whole sweep, the other every
     * line of its plan: each model is trained once, nothing is refused or damaged, and the models, their weights
     * and the Table 1 are those of one worker alone.
     */
    @Test
    void twoWorkersOnOneDirectoryBuildEachModelOnceAndTheSameTable() throws Exception {
        Path alone = tmp.resolve("alone");
        CliRun single = CliRun.run(args("reproduce-models", alone, TINY).toArray(String[]::new));
        assertEquals(0, single.status(), single.err());

        Path shared = tmp.resolve("shared");
        CliRun plan = CliRun.run(args("reproduce-models", shared, concat(TINY, List.of("--plan")))
                .toArray(String[]::new));
        assertEquals(0, plan.status(), plan.err());
        assertEquals(List.of("nu-tuning/tmnist-r4-l2", "tmnist-r4-da-s0", "tmnist-r4-wt-s0", "tmnist-r4-ir-l2-s0"),
                plan.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList());
        Path planFile = tmp.resolve("plan.txt");
        Files.writeString(planFile, plan.out());

        Process sweep = worker(tmp.resolve("sweep.log"), args("reproduce-models", shared, TINY));
        Process jobs = worker(tmp.resolve("jobs.log"), List.of("--lines", planFile.toString()));
        assertTrue(sweep.waitFor(300, TimeUnit.SECONDS), "the sweep worker finished");
        assertTrue(jobs.waitFor(300, TimeUnit.SECONDS), "the plan worker finished");
        String logs = Files.readString(tmp.resolve("sweep.log")) + "\n----\n"
                + Files.readString(tmp.resolve("jobs.log"));
        assertEquals(0, sweep.exitValue(), logs);
        assertEquals(0, jobs.exitValue(), logs);

        for (String name : List.of("tmnist-r4-da-s0", "tmnist-r4-wt-s0", "tmnist-r4-ir-l2-s0")) {
            ModelCard mine = ModelStore.load(shared.resolve(name)).card();
            ModelCard ref = ModelStore.load(alone.resolve(name)).card();
            assertEquals(ModelCard.COMPLETE, mine.status(), name);
            assertEquals(1, mine.history().size(), name);
            assertEquals(ref.config(), mine.config(), name);
            assertEquals(ref.weightsSha256(), mine.weightsSha256(), name + ": the same weights as one worker alone");
            assertEquals(1, count(logs, "Training " + ref.config().label() + ":"), name + " trained once:\n" + logs);
        }
        assertEquals(1, count(logs, "tuning nu for tmnist-r4-l2"), "one nu search:\n" + logs);
        CliRun tableShared = CliRun.run("table", shared.toString(), "--format", "csv");
        CliRun tableAlone = CliRun.run("table", alone.toString(), "--format", "csv");
        assertEquals(0, tableShared.status(), tableShared.err());
        assertEquals(tableAlone.out(), tableShared.out());
        assertEquals(1 + 3, tableShared.out().lines().count(), tableShared.out());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Process worker(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReproducePlanTest.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Child-process entry: {@code --lines FILE} runs every line of a plan in order, as one worker of GNU parallel
     * would; any other arguments are one command line.
     *
     * @param args the arguments
     * @throws IOException if the plan cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--lines")) {
            for (String line : Files.readAllLines(Path.of(args[1]))) {
                List<String> words = shellWords(line);
                int status = Cli.run(words.subList(1, words.size()).toArray(String[]::new));
                if (status != 0) {
                    System.exit(status);
                }
            }
            System.exit(0);
        }
        System.exit(Cli.run(args));
    }

    /** Splits a line as a POSIX shell does for words, single quotes and backslashes (all the plan uses). */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                w.append(line, i + 1, end);
                i = end;
            } else if (c == '\\') {
                w.append(line.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}
