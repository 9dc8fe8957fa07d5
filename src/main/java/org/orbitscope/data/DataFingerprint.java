package org.orbitscope.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a result computed on a dataset was computed from: the dataset, its split seed and a SHA-256 of the
 * content of its four IDX files. Cached results (metrics, drift points, saliency orbits, embeddings) carry it
 * and are reused only when it matches, so results on one copy of the data are never shown for another.
 *
 * <p>The checksum covers the decoded content (magic number, dimensions and bytes of each file, in the order
 * train images, train labels, test images, test labels), not the file bytes: a gunzipped copy of the
 * shipped files has the same fingerprint, any changed pixel or label gives another.
 *
 * @param dataset the dataset id ({@code tmnist} or {@code tfmnist})
 * @param splitSeed the split seed
 * @param contentSha256 hex SHA-256 of the four files' content
 */
public record DataFingerprint(String dataset, long splitSeed, String contentSha256) {

    /** Checks the fields. */
    public DataFingerprint {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(contentSha256, "contentSha256");
    }

    /**
     * @param files the decoded IDX files, in a fixed order
     * @return the hex SHA-256 of their magic numbers, dimensions and bytes
     */
    static String contentSha256(IdxArray... files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (IdxArray a : files) {
                ByteBuffer head = ByteBuffer.allocate(4 * (2 + a.rank()));
                head.putInt(a.magic()).putInt(a.rank());
                for (int d : a.dims()) {
                    head.putInt(d);
                }
                md.update(head.array());
                md.update(a.data());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** @return the fields as a JSON-ready map */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("splitSeed", splitSeed);
        m.put("contentSha256", contentSha256);
        return m;
    }

    /**
     * @param o a value read back from JSON
     * @return true if it is the map of this fingerprint
     */
    public boolean matches(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return false;
        }
        return dataset.equals(m.get("dataset")) && m.get("splitSeed") instanceof Number n
                && n.longValue() == splitSeed && contentSha256.equals(m.get("contentSha256"));
    }
}
