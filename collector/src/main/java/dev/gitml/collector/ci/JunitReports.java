package dev.gitml.collector.ci;

import dev.gitml.storage.record.CiResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Totals of JUnit XML reports (the Ant/Surefire format most test runners write: {@code
 * <testsuites>}, {@code <testsuite>}, {@code <testcase>} with a {@code <failure>}, {@code <error>}
 * or {@code <skipped>} child). Test cases are counted, not the suites' attributes, which runners
 * fill in unevenly. Read with the JDK's SAX parser, hardened as OWASP's XXE cheat sheet says: no
 * DOCTYPE, no external entities, secure processing. A file that is not such XML is reported in one
 * line and left out.
 */
public final class JunitReports {
  /**
   * Failing tests kept per capture: enough to see what broke, bounded so a red suite stays small.
   */
  public static final int MAX_FAILURES = 20;

  /** Characters kept of a failure's message (its first line). */
  public static final int MAX_MESSAGE = 300;

  /** What the reports say together. */
  public record Totals(
      int files,
      int passed,
      int failed,
      int skipped,
      double seconds,
      List<CiResult.Failure> failures) {
    public int tests() {
      return passed + failed + skipped;
    }
  }

  private JunitReports() {}

  /**
   * Reads the files under {@code base} that {@code glob} matches (a glob relative to {@code base},
   * as {@code build/test-results/**}{@code /*.xml}); {@code problem} hears about each one skipped.
   */
  public static Totals read(Path base, String glob, Consumer<String> problem) throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(base)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> matcher.matches(base.relativize(p)))
              .sorted()
              .toList();
    }
    Counter c = new Counter();
    SAXParser parser = parser();
    int read = 0;
    for (Path f : files) {
      Counter one = new Counter();
      try (InputStream in = Files.newInputStream(f)) {
        parser.reset();
        parser.parse(in, one);
        c.add(one);
        read++;
      } catch (SAXException e) {
        problem.accept(
            "skipped " + base.relativize(f) + ": not JUnit XML (" + oneLine(e.getMessage()) + ")");
      }
    }
    return new Totals(read, c.passed, c.failed, c.skipped, c.seconds, List.copyOf(c.failures));
  }

  private static SAXParser parser() {
    try {
      SAXParserFactory f = SAXParserFactory.newInstance();
      f.setNamespaceAware(false);
      f.setValidating(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setXIncludeAware(false);
      return f.newSAXParser();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's SAX parser refuses XXE hardening", e);
    }
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return t.length() > MAX_MESSAGE ? t.substring(0, MAX_MESSAGE - 1) + "…" : t;
  }

  /** Counts test cases while SAX reads one report. */
  private static final class Counter extends DefaultHandler {
    int passed;
    int failed;
    int skipped;
    double seconds;
    final List<CiResult.Failure> failures = new ArrayList<>();

    private String testName;
    private String outcome;
    private String message;
    private StringBuilder text;

    void add(Counter o) {
      passed += o.passed;
      failed += o.failed;
      skipped += o.skipped;
      seconds += o.seconds;
      for (CiResult.Failure f : o.failures) {
        if (failures.size() < MAX_FAILURES) {
          failures.add(f);
        }
      }
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes a) {
      switch (qName) {
        case "testcase" -> {
          String cls = a.getValue("classname");
          String name = a.getValue("name");
          testName = cls == null || cls.isEmpty() ? name : cls + "." + name;
          outcome = "pass";
          message = null;
          seconds += number(a.getValue("time"));
        }
        case "failure", "error" -> {
          if (testName != null) {
            outcome = "fail";
            message = a.getValue("message");
            text = message == null ? new StringBuilder() : null;
          }
        }
        case "skipped" -> {
          if (testName != null && !"fail".equals(outcome)) {
            outcome = "skip";
          }
        }
        default -> {}
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text != null && text.length() < MAX_MESSAGE * 2) {
        text.append(ch, start, Math.min(length, MAX_MESSAGE * 2 - text.length()));
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if ((qName.equals("failure") || qName.equals("error")) && text != null) {
        message = text.toString();
        text = null;
      }
      if (!qName.equals("testcase") || testName == null) {
        return;
      }
      switch (outcome) {
        case "fail" -> {
          failed++;
          if (failures.size() < MAX_FAILURES) {
            failures.add(new CiResult.Failure(testName, firstLine(message)));
          }
        }
        case "skip" -> skipped++;
        default -> passed++;
      }
      testName = null;
    }

    private static String firstLine(String s) {
      if (s == null || s.isBlank()) {
        return null;
      }
      String line = s.strip().lines().findFirst().orElse("");
      return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE - 1) + "…" : line;
    }

    private static double number(String s) {
      if (s == null) {
        return 0;
      }
      try {
        double d = Double.parseDouble(s.replace(",", ""));
        return Double.isFinite(d) && d > 0 ? d : 0;
      } catch (NumberFormatException e) {
        return 0; // a runner that writes no usable time: the duration is then unknown, not wrong
      }
    }
  }
}
