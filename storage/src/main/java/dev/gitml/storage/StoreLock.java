package dev.gitml.storage;

import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store lock: one writer at a time across processes (an OS file lock on {@code
 * local/store.lock}) and across threads of one process (a {@link ReentrantLock}, since the JVM
 * refuses a second {@link FileLock} on one file). Reentrant: a thread that holds it may take it
 * again.
 */
final class StoreLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock threads;
  private FileChannel channel;
  private FileLock osLock;

  StoreLock(Path file) {
    this.file = identity(file);
    this.threads = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock(true));
  }

  /**
   * The lock file as one name per file: its folder's real path (symbolic links resolved), so that a
   * store reached through a link shares the lock of the same store reached directly. Two locks on
   * one file in one JVM would refuse each other, and closing the second one's channel would drop
   * the OS lock the first holds.
   */
  private static Path identity(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    try {
      AtomicFiles.createPrivateDirectories(parent);
      return parent.toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs; // acquire() meets the same problem and reports it
    }
  }

  /** Blocks until the lock is held; close the result to release it. */
  Held acquire() throws IOException {
    threads.lock();
    try {
      if (threads.getHoldCount() == 1) {
        AtomicFiles.createPrivateDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        osLock = channel.lock();
      }
    } catch (IOException | RuntimeException e) {
      closeChannel();
      threads.unlock();
      throw e;
    }
    return this::release;
  }

  /**
   * The lock if it can be had within {@code millis} (empty otherwise, or when interrupted); close
   * the result to release it.
   */
  java.util.Optional<Held> tryAcquire(long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    try {
      if (!threads.tryLock(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return java.util.Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
    try {
      if (threads.getHoldCount() == 1) {
        AtomicFiles.createPrivateDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        while ((osLock = channel.tryLock()) == null) {
          if (System.nanoTime() > deadline) {
            closeChannel();
            threads.unlock();
            return java.util.Optional.empty();
          }
          Thread.sleep(10);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeChannel();
      threads.unlock();
      return java.util.Optional.empty();
    } catch (IOException | RuntimeException e) {
      closeChannel();
      threads.unlock();
      throw e;
    }
    return java.util.Optional.of(this::release);
  }

  boolean isHeldByCurrentThread() {
    return threads.isHeldByCurrentThread();
  }

  private void release() throws IOException {
    try {
      if (threads.getHoldCount() == 1) {
        try {
          if (osLock != null) {
            osLock.release();
          }
        } finally {
          closeChannel();
        }
      }
    } finally {
      threads.unlock();
    }
  }

  private void closeChannel() throws IOException {
    osLock = null;
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      c.close();
    }
  }

  /** A held lock. */
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
