package org.orbitscope.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.orbitscope.OrbitscopeException;

/**
 * A claim on one job of a sweep (a nu search, or the training and evaluation of one model), held by one worker
 * at a time across threads, processes and machines sharing the models directory. It is an operating-system file
 * lock on {@code <models>/.jobs/<job>.lock}: it goes away with the process that held it, so a worker that dies
 * leaves nothing to clean up, and the next worker resumes the job (a model from its checkpoint, a nu search from
 * the start). On a network file system the directory must support POSIX locks (NFSv4, Lustre mounted with
 * {@code flock}, BeeGFS, GPFS).
 */
final class SweepLock implements AutoCloseable {

    /** Folder of the job locks inside the models directory. */
    static final String FOLDER = ".jobs";

    private static final long POLL_MILLIS = 500;

    private final FileChannel channel;
    private final FileLock lock;

    private SweepLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param models the models directory
     * @param job the job's name ({@code tmnist-r4-da-s0}, {@code nu-tuning/tmnist-r4-l2})
     * @return the lock file of that job
     */
    static Path file(Path models, String job) {
        return models.resolve(FOLDER).resolve(job.replace('/', '~') + ".lock");
    }

    /**
     * Claims a job if no other worker holds it.
     *
     * @param file the job's lock file
     * @return the claim, or empty if another worker (thread or process) holds the job
     * @throws OrbitscopeException if the lock file cannot be created
     */
    static Optional<SweepLock> tryAcquire(Path file) {
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new SweepLock(ch, l));
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new OrbitscopeException(file + ": cannot lock the job (" + e.getMessage() + ").", e);
        }
    }

    /**
     * Claims a job, waiting as long as another worker holds it.
     *
     * @param file the job's lock file
     * @param onWait called once if the job is held by another worker, before waiting
     * @return the claim
     * @throws OrbitscopeException if the lock file cannot be created or the wait is interrupted
     */
    static SweepLock acquire(Path file, Runnable onWait) {
        boolean told = false;
        while (true) {
            Optional<SweepLock> claim = tryAcquire(file);
            if (claim.isPresent()) {
                return claim.get();
            }
            if (!told) {
                onWait.run();
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrbitscopeException(file + ": interrupted while waiting for another worker.", e);
            }
        }
    }

    @Override
    public void close() {
        // the file stays (see ModelStore.WriteLock): deleting it could let two workers lock two different files
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the operating system drops the lock with the process anyway
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
