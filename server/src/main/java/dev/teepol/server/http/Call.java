package dev.teepol.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** One request as endpoints see it: headers, query parameters and a bounded body. */
public final class Call {
  private final Request request;
  private final long maxBodyBytes;
  private Fields query;

  Call(Request request, long maxBodyBytes) {
    this.request = request;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** The media type of the body, lower case, without parameters; "" when absent. */
  public String contentType() {
    String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** A query parameter given once; a parameter given twice is a bad request (which one counts?). */
  public Optional<String> query(String name) throws ApiError {
    List<String> values = query().getValues(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw ApiError.badRequest("query parameter '" + name + "' is given more than once");
    }
    return Optional.of(values.get(0));
  }

  /** Every query parameter name given. */
  public java.util.Set<String> queryNames() {
    return query().getNames();
  }

  private Fields query() {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    return query;
  }

  /**
   * The body, read only up to the limit: a declared length over it is refused before reading, and
   * reading stops one byte past it whatever the client declared.
   */
  public byte[] body() throws ApiError {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw tooLarge(declared);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (b.length > maxBodyBytes) {
        throw tooLarge(-1);
      }
      return b;
    } catch (IOException e) {
      throw ApiError.badRequest("the request body could not be read: " + e.getMessage());
    }
  }

  private ApiError tooLarge(long declared) {
    return new ApiError(
        413,
        "too_large",
        "the request body "
            + (declared >= 0 ? "of " + declared + " bytes " : "")
            + "is over the limit of "
            + maxBodyBytes
            + " bytes (maxRequestBytes)");
  }
}
