package dev.teepol.verifier.concurrency;

import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.concurrency.MixedEvidence.Input;
import dev.teepol.verifier.concurrency.MixedEvidence.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The largest input each limit allows, for every provider's evidence: run by {@link
 * MemoryBoundsTest} in a JVM with {@code -Xmx128m}. Exit status 0 when every input got a verdict, 3
 * on an {@link OutOfMemoryError} (named on stderr).
 *
 * <p>From each valid input of {@link MixedEvidence}: the evidence padded to {@code
 * maxEvidenceBytes} (a JSON document with one long string member, a binary one with trailing
 * bytes), a JSON document at {@code maxEvidenceBytes} made of as many tiny members or array
 * elements as fit (what a parser turns into the most objects), nesting at {@code maxJsonDepth}, and
 * a gzip document that inflates to {@code maxDecompressedBytes}.
 */
public final class LargestInputs {
  private LargestInputs() {}

  public static void main(String[] args) {
    Limits limits = Limits.DEFAULT;
    int n = 0;
    try (TeepolVerifier v = MixedEvidence.verifier()) {
      for (Input base : MixedEvidence.all()) {
        if (base.kind() != Kind.VALID || base.release()) {
          continue;
        }
        for (Supplier<Input> made : variants(base, limits)) {
          Input in = made.get();
          long began = System.nanoTime();
          String name = in.name();
          try {
            MixedEvidence.Verified r = in.verify(v);
            System.out.printf(
                "%-70s %,12d bytes %-5s %6d ms %s%n",
                name,
                in.evidence().length,
                r.result().decision(),
                (System.nanoTime() - began) / 1_000_000,
                r.result().inputProblem().orElse("").lines().findFirst().orElse(""));
            n++;
          } catch (OutOfMemoryError e) {
            System.err.println("OutOfMemoryError on " + name + " (" + in.evidence().length + ")");
            e.printStackTrace();
            System.exit(3);
          }
        }
      }
    }
    System.out.println("verified " + n + " largest inputs");
  }

  /** Made one at a time: each is up to {@code maxEvidenceBytes}, and the heap is 128 MB. */
  static List<Supplier<Input>> variants(Input base, Limits limits) {
    int max = (int) Math.min(limits.maxEvidenceBytes(), Integer.MAX_VALUE - 16);
    byte[] e = base.evidence();
    List<Supplier<Input>> out = new ArrayList<>();
    if (isGzip(e)) {
      int inflatedMax = (int) Math.min(limits.maxDecompressedBytes(), max);
      Supplier<byte[]> inflated = () -> gunzip(e, limits.maxDecompressedBytes());
      out.add(
          () ->
              variant(base, "gzip-inflates-to-limit", gzip(padJson(inflated.get(), inflatedMax))));
      out.add(
          () -> variant(base, "gzip-over-limit", gzip(padJson(inflated.get(), inflatedMax + 1))));
      out.add(
          () -> variant(base, "gzip-many-members", gzip(manyMembers(inflated.get(), inflatedMax))));
    } else if (isJsonObject(e)) {
      out.add(() -> variant(base, "padded-to-evidence-limit", padJson(e, max)));
      out.add(() -> variant(base, "many-members", manyMembers(e, max)));
      out.add(() -> variant(base, "many-elements", manyElements(e, max)));
      out.add(() -> variant(base, "deepest-nesting", deep(e, limits.maxJsonDepth() - 2)));
    } else {
      out.add(() -> variant(base, "padded-to-evidence-limit", Arrays.copyOf(e, max)));
    }
    out.add(() -> variant(base, "over-evidence-limit", Arrays.copyOf(e, max + 1)));
    return out;
  }

  private static Input variant(Input base, String how, byte[] bytes) {
    return new Input(
        base.name() + "/" + how, Kind.MALFORMED, bytes, base.options(), base.at(), false);
  }

  private static boolean isGzip(byte[] e) {
    return e.length > 2 && (e[0] & 0xff) == 0x1f && (e[1] & 0xff) == 0x8b;
  }

  private static boolean isJsonObject(byte[] e) {
    for (byte b : e) {
      if (!Character.isWhitespace(b)) {
        return b == '{';
      }
    }
    return false;
  }

  /** {@code {"_pad":"aaa…", …the document's members}} of exactly {@code size} bytes. */
  static byte[] padJson(byte[] json, int size) {
    return withPrefix(json, size, sink -> sink.put("\"_pad\":\""));
  }

  /** {@code {"m0000001":0,"m0000002":0,…, …the document's members}}: the most members that fit. */
  static byte[] manyMembers(byte[] json, int size) {
    return withPrefix(
        json,
        size,
        sink -> {
          for (int i = 0; sink.room() > 40; i++) {
            sink.put(String.format("\"m%07d\":0,", i % 10_000_000));
          }
          sink.put("\"_p\":\"");
        });
  }

  /** {@code {"_many":[0,0,0,…], …the document's members}}: the most array elements that fit. */
  static byte[] manyElements(byte[] json, int size) {
    return withPrefix(
        json,
        size,
        sink -> {
          sink.put("\"_many\":[");
          while (sink.room() > 40) {
            sink.put("0,");
          }
          sink.put("0],\"_p\":\"");
        });
  }

  /** Writes into the fixed-size output, so building a 32 MiB input costs 32 MiB. */
  static final class Sink {
    final byte[] out;
    int pos;
    final int end;

    Sink(byte[] out, int pos, int end) {
      this.out = out;
      this.pos = pos;
      this.end = end;
    }

    int room() {
      return end - pos;
    }

    void put(String s) {
      for (int i = 0; i < s.length(); i++) {
        out[pos++] = (byte) s.charAt(i);
      }
    }
  }

  interface Filler {
    void fill(Sink sink);
  }

  /**
   * The document with a first member written by {@code filler}, which leaves a string open that is
   * padded with 'a' so the total is exactly {@code size} bytes.
   */
  private static byte[] withPrefix(byte[] json, int size, Filler filler) {
    int open = indexOfBrace(json);
    int rest = json.length - open - 1;
    byte[] out = new byte[size];
    System.arraycopy(json, 0, out, 0, open + 1);
    Sink sink = new Sink(out, open + 1, size - rest - 2);
    filler.fill(sink);
    Arrays.fill(out, sink.pos, sink.end, (byte) 'a');
    out[sink.end] = '"';
    out[sink.end + 1] = ',';
    System.arraycopy(json, open + 1, out, size - rest, rest);
    return out;
  }

  /** {@code {"_deep":[[[…]]], …}} nested {@code depth} arrays deep. */
  static byte[] deep(byte[] json, int depth) {
    String member = "\"_deep\":" + "[".repeat(depth) + "]".repeat(depth) + ",";
    return splice(json, member);
  }

  private static byte[] splice(byte[] json, String member) {
    int open = indexOfBrace(json);
    byte[] m = member.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[json.length + m.length];
    System.arraycopy(json, 0, out, 0, open + 1);
    System.arraycopy(m, 0, out, open + 1, m.length);
    System.arraycopy(json, open + 1, out, open + 1 + m.length, json.length - open - 1);
    return out;
  }

  private static int indexOfBrace(byte[] json) {
    for (int i = 0; i < json.length; i++) {
      if (json[i] == '{') {
        return i;
      }
    }
    throw new IllegalArgumentException("not a JSON object");
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] b, long max) {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return z.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 16));
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
