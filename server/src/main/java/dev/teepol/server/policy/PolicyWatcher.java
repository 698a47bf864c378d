package dev.teepol.server.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the policy set when the directory changes: on file events (debounced, so an editor's save
 * or a Kubernetes ConfigMap's symlink swap is one reload), and every {@code interval} in any case
 * (file events do not cross every volume type). The registry compares digests, so a periodic check
 * of an unchanged directory costs one hash of its files.
 */
public final class PolicyWatcher implements AutoCloseable {
  private static final long DEBOUNCE_MILLIS = 250;

  private final PolicyRegistry registry;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean closed;
  private WatchService watch;

  public PolicyWatcher(PolicyRegistry registry, Duration interval) {
    this.registry = registry;
    this.interval = interval;
    this.thread = new Thread(this::run, "teepol-policy-watcher");
    thread.setDaemon(true);
  }

  public void start() {
    try {
      watch = FileSystems.getDefault().newWatchService();
      PolicyDirectory d = registry.directory();
      // A bundle is one file: watch the directory it is in (a new release replaces the file).
      (d.isBundle() ? d.dir().toAbsolutePath().getParent() : d.dir())
          .register(
              watch,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException | UnsupportedOperationException e) {
      watch = null; // periodic checks still run
    }
    thread.start();
  }

  private void run() {
    while (!closed) {
      try {
        if (watch != null) {
          WatchKey k = watch.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
          if (k != null) {
            k.pollEvents();
            k.reset();
            // Let a burst of events (several files, a symlink swap) settle into one reload.
            Thread.sleep(DEBOUNCE_MILLIS);
            WatchKey more;
            while ((more = watch.poll()) != null) {
              more.pollEvents();
              more.reset();
            }
          }
        } else {
          Thread.sleep(interval.toMillis());
        }
        if (!closed) {
          registry.reload(false);
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        // Keep watching: the registry reports load problems itself.
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
