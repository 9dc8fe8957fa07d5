package org.orbitscope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cached results are keyed by: the content of the data files, not their names or compression. */
class DataFingerprintTest {

    @TempDir
    Path tmp;

    @Test
    void sameContentSameFingerprintOneChangedLabelAnother() throws Exception {
        TransformingDataset shipped = TransformingDataset.load(DatasetId.TMNIST, 0);
        TransformingDataset gunzipped = TransformingDataset.load(DatasetId.TMNIST, 0,
                DataCopies.copy(DatasetId.TMNIST, tmp.resolve("same"), false));
        TransformingDataset altered = TransformingDataset.load(DatasetId.TMNIST, 0,
                DataCopies.copy(DatasetId.TMNIST, tmp.resolve("altered"), true));
        assertEquals(shipped.fingerprint(), gunzipped.fingerprint(), "a gunzipped copy is the same data");
        assertNotEquals(shipped.fingerprint().contentSha256(), altered.fingerprint().contentSha256());
        assertTrue(shipped.fingerprint().matches(shipped.fingerprint().asMap()));
        assertFalse(shipped.fingerprint().matches(altered.fingerprint().asMap()));
        TransformingDataset otherSplit = TransformingDataset.load(DatasetId.TMNIST, 1);
        assertEquals(shipped.fingerprint().contentSha256(), otherSplit.fingerprint().contentSha256());
        assertFalse(shipped.fingerprint().matches(otherSplit.fingerprint().asMap()), "the split seed is part of it");
        assertNotEquals(shipped.fingerprint().contentSha256(),
                TransformingDataset.load(DatasetId.TFMNIST, 0).fingerprint().contentSha256());
    }
}
