package dev.teepol.fuzz;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import java.util.List;

/**
 * What every fuzz target asserts beyond "no uncaught exception" (which Jazzer reports by itself):
 * the only way to reject input is a typed error that names the field and an offset within it, or an
 * appraisal whose checks say what failed (house rule 4). A target is one small class: a
 * {@code @FuzzTest} method that calls its entry point through {@link #parse} or {@link #appraisal}.
 */
public final class Typed {
  private Typed() {}

  /** A parser call: returns normally or throws one of its declared, typed errors. */
  @FunctionalInterface
  public interface Parser {
    Object parse() throws Exception;
  }

  /**
   * Runs {@code p}; the typed errors in {@code allowed} are the accepted way to refuse input,
   * anything else (a RuntimeException, an Error, an unexpected checked exception) propagates and
   * becomes a finding. A {@link ParseException} must name its field and a non-negative offset
   * within {@code inputLength}.
   */
  @SafeVarargs
  public static void parse(int inputLength, Parser p, Class<? extends Exception>... allowed) {
    try {
      p.parse();
    } catch (ParseException e) {
      if (e.field() == null || e.field().isBlank()) {
        throw new AssertionError("ParseException without a field: " + e.getMessage(), e);
      }
      if (e.offset() < 0 || e.offset() > Math.max(inputLength, 0)) {
        throw new AssertionError(
            "ParseException offset " + e.offset() + " outside 0.." + inputLength, e);
      }
      if (!isAllowed(e, allowed)) {
        throw new AssertionError("unexpected ParseException", e);
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      if (!isAllowed(e, allowed)) {
        throw new AssertionError("undeclared " + e.getClass().getName(), e);
      }
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError(e.getClass().getSimpleName() + " without a message", e);
      }
    }
  }

  private static boolean isAllowed(Exception e, Class<? extends Exception>[] allowed) {
    for (Class<? extends Exception> c : allowed) {
      if (c.isInstance(e)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An appraisal that says why: at least one check, every check with an id and, unless passed, a
   * reason; the same for each component. Returns every check, components included.
   */
  public static List<CheckResult> appraisal(Appraisal a) {
    if (a == null) {
      throw new AssertionError("null appraisal");
    }
    if (a.checks().isEmpty() && a.components().isEmpty()) {
      throw new AssertionError("appraisal without checks");
    }
    List<CheckResult> all = new java.util.ArrayList<>(a.checks());
    for (CheckResult c : a.checks()) {
      if (c.id() == null || c.id().isBlank()) {
        throw new AssertionError("check without an id: " + c);
      }
      if (!c.passed() && c.explanation().isBlank()) {
        throw new AssertionError("check " + c.id() + " did not pass and gives no reason");
      }
    }
    for (Appraisal component : a.components().values()) {
      all.addAll(appraisal(component));
    }
    return all;
  }
}
