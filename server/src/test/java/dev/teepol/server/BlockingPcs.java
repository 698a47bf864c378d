package dev.teepol.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PCS on loopback that holds every request until the test releases it, then answers 404: a real
 * verification that takes as long as the test wants (no mock of the service's own code).
 */
final class BlockingPcs implements AutoCloseable {
  private final HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger waiting = new AtomicInteger();

  BlockingPcs() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          waiting.incrementAndGet();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Waits (bounded) until {@code n} requests are held. */
  void awaitWaiting(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (waiting.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    if (waiting.get() < n) {
      throw new AssertionError("the PCS never saw " + n + " request(s)");
    }
  }

  void release() {
    release.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
