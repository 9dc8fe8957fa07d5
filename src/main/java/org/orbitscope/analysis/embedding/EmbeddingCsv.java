package org.orbitscope.analysis.embedding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/**
 * Reads and writes embedding points as CSV: {@code sample,g,class,x,y}, one row per orbit point, optionally
 * after comment lines starting with {@code #}.
 */
public final class EmbeddingCsv {

    /** The header line. */
    public static final String HEADER = "sample,g,class,x,y";

    private EmbeddingCsv() {
    }

    /**
     * Writes the header and one row per point; coordinates keep full double precision.
     *
     * @param points the points
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(List<EmbeddingPoint> points, Appendable out) throws IOException {
        out.append(HEADER).append('\n');
        for (EmbeddingPoint p : points) {
            out.append(Integer.toString(p.sample())).append(',').append(Integer.toString(p.g())).append(',')
                    .append(Integer.toString(p.cls())).append(',').append(format(p.x())).append(',')
                    .append(format(p.y())).append('\n');
        }
    }

    private static String format(double v) {
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    /**
     * Reads points written by {@link #write}; the predicted class is not stored and reads as -1.
     *
     * @param in the CSV text
     * @return the points
     * @throws IOException if reading fails
     * @throws OrbitscopeException if the text is not an embedding CSV
     */
    public static List<EmbeddingPoint> read(Reader in) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String header = r.readLine();
        int line = 1;
        // leading comment lines (the app writes "# model: ..." to name the model) are skipped
        while (header != null && header.startsWith("#")) {
            header = r.readLine();
            line++;
        }
        if (header == null || !header.strip().equals(HEADER)) {
            throw new OrbitscopeException("Not an embedding CSV: the first line must be '" + HEADER + "'.");
        }
        List<EmbeddingPoint> points = new ArrayList<>();
        for (String s = r.readLine(); s != null; s = r.readLine()) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            String[] f = s.split(",", -1);
            if (f.length != 5) {
                throw new OrbitscopeException("Embedding CSV line " + line + " has " + f.length + " fields, not 5.");
            }
            try {
                points.add(new EmbeddingPoint(Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip()),
                        Integer.parseInt(f[2].strip()), -1, Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            } catch (NumberFormatException e) {
                throw new OrbitscopeException("Embedding CSV line " + line + " is not numeric: " + e.getMessage());
            }
        }
        return points;
    }
}
