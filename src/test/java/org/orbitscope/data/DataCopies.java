package org.orbitscope.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Copies of the shipped datasets for tests of what results are keyed by. */
public final class DataCopies {

    private DataCopies() {
    }

    /**
     * Copies a dataset's four IDX files, the test labels gunzipped and, if asked, with their first label
     * changed (a copy whose content differs in one byte).
     *
     * @param id the dataset
     * @param to the new folder
     * @param alter whether to change the first test label
     * @return the folder
     * @throws IOException if copying fails
     */
    public static Path copy(DatasetId id, Path to, boolean alter) throws IOException {
        Files.createDirectories(to);
        Path from = TransformingDataset.defaultDataDir(id);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains("idx")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        Path labels = to.resolve(TransformingDataset.TEST_LABELS + ".gz");
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(labels))) {
            raw = in.readAllBytes();
        }
        Files.delete(labels);
        if (alter) {
            raw[8] = (byte) (raw[8] == 1 ? 2 : 1);
        }
        Files.write(to.resolve(TransformingDataset.TEST_LABELS), raw);
        return to;
    }
}
