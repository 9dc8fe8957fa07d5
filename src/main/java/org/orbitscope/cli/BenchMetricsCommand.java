package org.orbitscope.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.orbitscope.metrics.MetricsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-metrics}: times SI on R4 and one orbit's saliency; prints {@code name value unit} lines. */
@Command(name = "bench-metrics", mixinStandardHelpOptions = true,
        description = "Benchmark the saliency metrics on the paper's MLP: SI of N test samples on R4 (N x 4 maps x "
                + "50 steps) and one sample's full-orbit saliency; prints 'name value unit' lines.")
final class BenchMetricsCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--samples", defaultValue = "1000", description = "Samples for SI (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Override
    public Integer call() {
        if (samples < 1 || samples > 50_000) {
            throw new org.orbitscope.OrbitscopeException("--samples must be between 1 and 50000, got " + samples + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("cpus " + Runtime.getRuntime().availableProcessors() + " cores");
        for (MetricsBenchmark.Figure f : MetricsBenchmark.run(samples)) {
            out.println(String.format(Locale.ROOT, "%s %.6g %s", f.name(), f.value(), f.unit()));
        }
        out.flush();
        return 0;
    }
}
