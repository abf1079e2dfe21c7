package dev.gitml.collector.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.record.CiResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunitReportsTest {
  @TempDir Path tmp;

  private Path copy(String name, String to) throws Exception {
    Path dest = tmp.resolve(to);
    Files.createDirectories(dest.getParent());
    try (InputStream in = JunitReportsTest.class.getResourceAsStream(name)) {
      Files.copy(in, dest);
    }
    return dest;
  }

  @Test
  void read_surefireAndPytestReports_countsTestCasesAndKeepsFailures() throws Exception {
    copy("TEST-dev.example.CalcTest.xml", "target/surefire-reports/TEST-dev.example.CalcTest.xml");
    copy("pytest-junit.xml", "py/report.xml");
    List<String> problems = new ArrayList<>();

    JunitReports.Totals t = JunitReports.read(tmp, "**/*.xml", problems::add);

    assertEquals(List.of(), problems);
    assertEquals(2, t.files());
    assertEquals(3, t.passed());
    assertEquals(2, t.failed(), "a failure and an error");
    assertEquals(1, t.skipped());
    assertEquals(0.092, t.seconds(), 1e-9);
    assertEquals(
        List.of(
            new CiResult.Failure(
                "dev.example.CalcTest.divide_byZero_throws", "expected: <2> but was: <3>"),
            new CiResult.Failure(
                "dev.example.CalcTest.parse_empty_fails",
                "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\""
                    + " is null")),
        t.failures());
  }

  @Test
  void read_brokenAndDoctypeReports_skipsEachInOneLineAndReadsTheRest() throws Exception {
    copy("pytest-junit.xml", "report.xml");
    copy("broken.xml", "broken.xml");
    copy("xxe.xml", "xxe.xml");
    List<String> problems = new ArrayList<>();

    JunitReports.Totals t = JunitReports.read(tmp, "*.xml", problems::add);

    assertEquals(1, t.files());
    assertEquals(2, t.passed());
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("skipped broken.xml: not JUnit XML ("), problems.get(0));
    assertTrue(problems.get(1).startsWith("skipped xxe.xml: not JUnit XML ("), problems.get(1));
    assertTrue(problems.stream().noneMatch(p -> p.contains("\n")));
    assertEquals(List.of(), t.failures(), "the external entity was never read");
  }

  @Test
  void read_manyFailures_keepsTheFirstTwenty() throws Exception {
    StringBuilder xml = new StringBuilder("<testsuite name=\"many\">");
    for (int i = 0; i < 50; i++) {
      xml.append("<testcase classname=\"c\" name=\"t")
          .append(i)
          .append("\"><failure message=\"")
          .append("x".repeat(1000))
          .append("\"/></testcase>");
    }
    Files.writeString(tmp.resolve("TEST-many.xml"), xml.append("</testsuite>"));

    JunitReports.Totals t = JunitReports.read(tmp, "TEST-*.xml", p -> {});

    assertEquals(50, t.failed());
    assertEquals(JunitReports.MAX_FAILURES, t.failures().size());
    assertEquals(JunitReports.MAX_MESSAGE, t.failures().get(0).message().length());
  }
}
