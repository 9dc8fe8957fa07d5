package org.orbitscope.ui.export;

import java.io.IOException;
import java.util.Locale;

/** Writes plotted data as long-format CSV: {@code chart,series,x,y}. */
public final class ChartCsv {

    private ChartCsv() {
    }

    /** @param out where to write the header line
     * @throws IOException if writing fails */
    public static void header(Appendable out) throws IOException {
        out.append("chart,series,x,y\n");
    }

    /**
     * Appends one point.
     *
     * @param out where to write
     * @param chart first column
     * @param series second column
     * @param x x value
     * @param y y value
     * @throws IOException if writing fails
     */
    public static void row(Appendable out, String chart, String series, double x, double y) throws IOException {
        out.append(quote(chart)).append(',').append(quote(series)).append(',')
                .append(String.format(Locale.ROOT, "%.6g,%.6g", x, y)).append('\n');
    }

    /**
     * Appends a series.
     *
     * @param out where to write
     * @param chart first column
     * @param series second column
     * @param x x values
     * @param y y values, as many
     * @throws IOException if writing fails
     */
    public static void rows(Appendable out, String chart, String series, double[] x, double[] y) throws IOException {
        for (int i = 0; i < x.length; i++) {
            row(out, chart, series, x[i], y[i]);
        }
    }

    private static String quote(String s) {
        String v = s == null ? "" : s;
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
