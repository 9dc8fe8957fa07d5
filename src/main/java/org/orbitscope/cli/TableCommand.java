package org.orbitscope.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.orbitscope.OrbitscopeException;
import org.orbitscope.analysis.Table1;
import org.orbitscope.model.ModelCard;
import org.orbitscope.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code table}: the paper's Table 1 from the metrics stored in model cards. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Table 1 (mean ± std over seeds of Acc, LI, DI, SI, SigmaMax per dataset, group and kind) from "
                + "the metrics evaluate stored in the model cards; directories holding models are searched one level "
                + "deep.")
final class TableCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", description = "Model directories, or directories of models (e.g. models).")
    private List<Path> paths;

    @Option(names = "--format", defaultValue = "md", description = "md, latex or csv (default: ${DEFAULT-VALUE}).")
    private String format;

    @Override
    public Integer call() throws Exception {
        List<ModelCard> cards = new ArrayList<>();
        for (Path p : paths) {
            if (ModelStore.isModel(p)) {
                cards.add(ModelStore.readCard(p));
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path d : s.sorted().toList()) {
                        if (ModelStore.isModel(d)) {
                            cards.add(ModelStore.readCard(d));
                        }
                    }
                }
            } else {
                throw new OrbitscopeException(p + ": no such model or directory.");
            }
        }
        List<Table1.Row> rows = Table1.of(cards);
        if (rows.isEmpty()) {
            throw new OrbitscopeException("None of the models has been evaluated yet; run evaluate first.");
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "latex" -> out.print(Table1.format(rows, true));
            case "csv" -> {
                out.println("dataset,group,kind,seeds,nu,Acc,Acc_std,LI,LI_std,DI,DI_std,"
                        + "SI,SI_std,SigmaMax,SigmaMax_std,"
                        + "samples");
                for (Table1.Row r : rows) {
                    StringBuilder sb = new StringBuilder();
                    sb.append(r.dataset()).append(',').append(r.group()).append(',').append(r.kind()).append(',')
                            .append(r.seeds().size()).append(',').append(Double.isNaN(r.nu()) ? "" : r.nu());
                    for (String m : Table1.METRICS) {
                        sb.append(',').append(r.mean().get(m)).append(',').append(r.std().get(m));
                    }
                    out.println(sb.append(',').append(r.samples()));
                }
            }
            case "md" -> out.print(Table1.format(rows, false));
            default -> throw new OrbitscopeException("Unknown format '" + format + "': expected md, latex or csv.");
        }
        out.flush();
        return 0;
    }
}
