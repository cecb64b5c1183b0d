package dev.nn.io.safetensors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced
 * to the device, and is then renamed over the target. A reader (or a crash) sees the old file or the
 * new one, never a mix; if anything fails before the rename, the temporary file is deleted and the
 * target is untouched.
 */
final class AtomicFile {
    /** What a channel's content is written by. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code target} anew with what {@code content} writes, or, if that or anything else
     * fails, rethrows and leaves {@code target} as it was. A file system that cannot rename
     * atomically is an IOException, never a reason to overwrite in place.
     */
    static void replace(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IOException(target + ": cannot save: the directory " + directory + " does not exist");
        }
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp", permissions(directory));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            deleteAfterFailure(temporary, e);
            // Never a plain replace: it could leave a half-written file where the previous one was.
            throw new IOException(target + ": cannot save: the file system cannot replace the file atomically", e);
        } catch (Throwable failure) {
            deleteAfterFailure(temporary, failure);
            throw failure;
        }
    }

    /**
     * Files.createTempFile makes files only their owner may read (0600) on POSIX systems; a saved
     * file gets the permissions of any other new file instead: rw-rw-rw- less the process's umask.
     */
    private static FileAttribute<?>[] permissions(Path directory) {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"))};
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
