package org.orbitscope.ui.export;

import java.io.IOException;
import java.util.Locale;
import javafx.scene.chart.XYChart;

/** Writes the data of XY charts as long-format CSV: {@code chart,series,x,y}. */
public final class ChartCsv {

    private ChartCsv() {
    }

    /** @param out where to write the header line
     * @throws IOException if writing fails */
    public static void header(Appendable out) throws IOException {
        out.append("chart,series,x,y\n");
    }

    /**
     * Appends every point of a chart.
     *
     * @param out where to write
     * @param chartName first column
     * @param chart the chart
     * @throws IOException if writing fails
     */
    public static void append(Appendable out, String chartName, XYChart<Number, Number> chart) throws IOException {
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                out.append(quote(chartName)).append(',').append(quote(s.getName())).append(',')
                        .append(format(d.getXValue())).append(',').append(format(d.getYValue())).append('\n');
            }
        }
    }

    private static String format(Number n) {
        return n instanceof Integer || n instanceof Long ? n.toString() : String.format(Locale.ROOT, "%.6g", n.doubleValue());
    }

    private static String quote(String s) {
        String v = s == null ? "" : s;
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
