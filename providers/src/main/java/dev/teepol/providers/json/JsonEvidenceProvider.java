package dev.teepol.providers.json;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;

/**
 * The one shape of a provider whose evidence is a JSON document: sniff → parse → appraise. The
 * sequence is fixed here, so no provider can appraise a document that did not parse or forget the
 * parse check: a {@link ParseException} becomes {@link Appraisal#unparsable} with the field and
 * offset it names, under the provider's parse check id.
 *
 * @param <D> the provider's decoded document
 */
public abstract class JsonEvidenceProvider<D> implements EvidenceProvider {
  private final String id;
  private final String parseCheckId;

  protected JsonEvidenceProvider(String id, String parseCheckId) {
    this.id = id;
    this.parseCheckId = parseCheckId;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final boolean recognizes(EvidenceSource source, Limits limits) {
    try {
      return sniff(source.content(), limits);
    } catch (RuntimeException e) {
      // A sniff is a guess about a format, never a verdict: one that trips over the bytes is "no".
      return false;
    }
  }

  @Override
  public final Appraisal appraise(EvidenceSource source, AppraisalContext context) {
    D document;
    try {
      document = parse(source.content(), context.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(id, source.name(), parseCheckId, e.getMessage());
    }
    return appraise(source.name(), document, context);
  }

  /** Whether the bytes look like this format, from a bounded prefix only ({@link JsonPrefix}). */
  protected abstract boolean sniff(byte[] content, Limits limits);

  /**
   * The whole document, within the limits; any defect is a {@link ParseException} naming the field.
   */
  protected abstract D parse(byte[] content, Limits limits) throws ParseException;

  /** The checks on a decoded document; never throws for bad evidence. */
  protected abstract Appraisal appraise(String subject, D document, AppraisalContext context);
}
