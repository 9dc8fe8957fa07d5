package org.orbitscope.data;

import java.util.List;
import java.util.Locale;
import org.orbitscope.OrbitscopeException;

/** The two datasets of SPEC section 1, built from MNIST and Fashion-MNIST. */
public enum DatasetId {

    /** Transforming-MNIST: handwritten digits 0-8. */
    TMNIST("tmnist", "T-MNIST", "mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8")),
    /** Transforming-FMNIST: Fashion-MNIST without class 9 ("ankle boot"). */
    TFMNIST("tfmnist", "T-FMNIST", "fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag"));

    private final String id;
    private final String displayName;
    private final String directoryName;
    private final List<String> classNames;

    DatasetId(String id, String displayName, String directoryName, List<String> classNames) {
        this.id = id;
        this.displayName = displayName;
        this.directoryName = directoryName;
        this.classNames = classNames;
    }

    /** @return the id used on the command line and in model cards: {@code tmnist} or {@code tfmnist} */
    public String id() {
        return id;
    }

    /** @return the name shown to users, e.g. {@code T-MNIST} */
    public String displayName() {
        return displayName;
    }

    /** @return the data directory's folder of the source IDX files: {@code mnist} or {@code fashion-mnist} */
    public String directoryName() {
        return directoryName;
    }

    /** @return the names of the 9 classes, index = label */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * @param id {@code tmnist} or {@code tfmnist} (case-insensitive)
     * @return the dataset
     * @throws OrbitscopeException for an unknown id
     */
    public static DatasetId byId(String id) {
        for (DatasetId d : values()) {
            if (d.id.equals(id.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new OrbitscopeException("Unknown dataset '" + id + "': expected one of tmnist, tfmnist.");
    }

    @Override
    public String toString() {
        return id;
    }
}
