package dev.teepol.server.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many requests may do expensive work at once: a bounded number of slots, taken without
 * waiting. A request that finds none is answered 503 with {@code Retry-After} at once; there is no
 * queue to grow. A slot is released exactly once, whoever finishes last (the request thread, or a
 * verification still running after its caller timed out).
 */
public final class Admission {
  private final Semaphore slots;
  private final int size;
  private final String what;

  public Admission(int size, String what) {
    this.slots = new Semaphore(size);
    this.size = size;
    this.what = what;
  }

  /** A slot, or a 503. */
  public Slot enter() throws ApiError {
    if (!slots.tryAcquire()) {
      throw ApiError.unavailable(
          "overloaded",
          "all " + size + " " + what + " slots are busy; retry after the Retry-After delay",
          Duration.ofSeconds(1));
    }
    return new Slot();
  }

  public int busy() {
    return size - slots.availablePermits();
  }

  /** One taken slot. */
  public final class Slot implements AutoCloseable {
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot() {}

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        slots.release();
      }
    }
  }
}
