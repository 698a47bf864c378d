package dev.teepol.cli.report;

import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import java.io.Writer;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The JUnit XML report CI systems read: one {@code testsuite} per suite file, one {@code testcase}
 * per case with a {@code failure} when it failed. A broken suite is one {@code testcase} with an
 * {@code error}, so it shows up red instead of vanishing. No timestamps or durations: the report of
 * the same run is the same bytes.
 */
public final class JunitXml {
  private JunitXml() {}

  public static void write(List<SuiteResult> suites, Writer out) throws XMLStreamException {
    XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
    x.writeStartDocument("UTF-8", "1.0");
    x.writeCharacters("\n");
    x.writeStartElement("testsuites");
    x.writeAttribute("name", "teepol test");
    x.writeAttribute("tests", String.valueOf(suites.stream().mapToLong(JunitXml::tests).sum()));
    x.writeAttribute(
        "failures", String.valueOf(suites.stream().mapToLong(SuiteResult::failed).sum()));
    x.writeAttribute(
        "errors", String.valueOf(suites.stream().filter(s -> s.broken().isPresent()).count()));
    x.writeCharacters("\n");
    for (SuiteResult s : suites) {
      x.writeCharacters("  ");
      x.writeStartElement("testsuite");
      x.writeAttribute("name", s.name());
      x.writeAttribute("tests", String.valueOf(tests(s)));
      x.writeAttribute("failures", String.valueOf(s.failed()));
      x.writeAttribute("errors", s.broken().isPresent() ? "1" : "0");
      x.writeAttribute("skipped", "0");
      x.writeCharacters("\n");
      if (s.broken().isPresent()) {
        testcase(
            x,
            s.name(),
            "(suite)",
            () -> {
              x.writeStartElement("error");
              x.writeAttribute("message", firstLine(s.broken().get()));
              x.writeCharacters(s.broken().get());
              x.writeEndElement();
            });
      }
      for (CaseResult c : s.cases()) {
        testcase(
            x,
            s.name(),
            c.name(),
            c.passed()
                ? null
                : () -> {
                  x.writeStartElement("failure");
                  x.writeAttribute("message", c.message());
                  x.writeCharacters(String.join("\n", c.problems()));
                  x.writeEndElement();
                });
      }
      x.writeCharacters("  ");
      x.writeEndElement();
      x.writeCharacters("\n");
    }
    x.writeEndElement();
    x.writeCharacters("\n");
    x.writeEndDocument();
    x.flush();
  }

  private interface Body {
    void write() throws XMLStreamException;
  }

  private static void testcase(XMLStreamWriter x, String suite, String name, Body body)
      throws XMLStreamException {
    x.writeCharacters("    ");
    if (body == null) {
      x.writeEmptyElement("testcase");
    } else {
      x.writeStartElement("testcase");
    }
    x.writeAttribute("classname", suite);
    x.writeAttribute("name", name);
    if (body != null) {
      body.write();
      x.writeEndElement();
    }
    x.writeCharacters("\n");
  }

  private static long tests(SuiteResult s) {
    return s.cases().size() + (s.broken().isPresent() ? 1 : 0);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
