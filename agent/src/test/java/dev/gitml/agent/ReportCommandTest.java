package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.Fixtures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml report}: the figures as text and JSON, and the page, opened in headless Chromium
 * where it is installed (Debian's {@code chromium}), drawn without a script error and with every
 * chart holding marks.
 */
class ReportCommandTest {
  private static final String SESSION = "de3b8b19-5bc0-4a2a-934a-1b6806567e25";
  private static final List<String> CHARTS =
      List.of(
          "over-time",
          "milestones",
          "assistants",
          "models",
          "from-sessions",
          "redactions",
          "evaluation",
          "together");

  @TempDir Path tmp;
  GitRepoFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    fx.gitml("init", "--no-backfill", "--no-hooks");
    for (int i = 0; i < 14; i++) {
      Files.writeString(fx.repo.resolve("a.txt"), "a " + i + "\n");
      Files.writeString(fx.repo.resolve("b.txt"), "b " + i + "\n");
      Files.writeString(fx.repo.resolve("notes " + (i % 3) + ".md"), "note " + i + "\n");
      fx.git("add", "-A");
      fx.git(
          Map.of(
              "GIT_AUTHOR_DATE",
              "2026-01-" + (10 + i) + "T10:00:00Z",
              "GIT_COMMITTER_DATE",
              "2026-01-" + (10 + i) + "T10:00:00Z"),
          "commit",
          "-q",
          "-m",
          "change a and b, round " + i);
    }
    Files.writeString(fx.repo.resolve("deploy.env"), "GITHUB_TOKEN=ghp_" + "Zx9".repeat(12) + "\n");
    Files.writeString(fx.repo.resolve("hello.sh"), "#!/bin/bash\necho \"Hello world\"\n");
    fx.git("add", "-A");
    fx.git(
        Map.of(
            "GIT_AUTHOR_DATE",
            "2026-01-21T06:20:42Z",
            "GIT_COMMITTER_DATE",
            "2026-01-21T06:20:42Z"),
        "commit",
        "-q",
        "-m",
        "hello");
    assertEquals(0, fx.gitml("backfill", "--all").exit());
    Path transcript = tmp.resolve(SESSION + ".jsonl");
    Path fixtures = Fixtures.copy(Fixtures.CLAUDE_CODE, tmp.resolve("fixtures"));
    Files.writeString(
        transcript,
        Files.readString(fixtures.resolve("hello-world.jsonl"))
            .replace("/tmp/tmp74wiyiny", fx.repo.toString()));
    CliRun imported = fx.gitml("sessions", "import", "--path", transcript.toString());
    assertEquals(0, imported.exit(), imported.err());
    CliRun trained = fx.gitml("train");
    assertEquals(0, trained.exit(), trained.err());
  }

  @Test
  void report_json_everyFigureFromTheStore() throws Exception {
    CliRun r = fx.gitml("report", "--json");

    assertEquals(0, r.exit(), r.err());
    JsonNode d = GitRepoFixture.JSON.readTree(r.out());
    assertEquals(15, d.get("commits").asInt());
    assertEquals(1, d.get("chats").asInt());
    assertEquals(1, d.get("commits_from_sessions").asInt());
    assertEquals(1, d.at("/assistants/claude-code").asInt());
    assertTrue(d.at("/redactions").size() > 0, r.out());
    assertEquals(1, d.get("evaluations").size());
    JsonNode top = d.get("pairs").get(0);
    assertEquals("a.txt", top.get("first").asText());
    assertEquals("b.txt", top.get("second").asText());
    assertEquals(14, top.get("commits").asInt());
    assertFalse(d.get("milestones").isEmpty());
  }

  @Test
  void report_text_namesEachFigure() {
    CliRun r = fx.gitml("report");

    assertEquals(0, r.exit(), r.err());
    for (String heading :
        List.of(
            "over time",
            "milestones:",
            "assistants (chats):",
            "models (chats):",
            "from sessions: 1 of 15 commits",
            "redactions by rule:",
            "file predictor",
            "files most often changed together:",
            "14  a.txt + b.txt")) {
      assertTrue(r.out().contains(heading), heading + " in\n" + r.out());
    }
  }

  @Test
  void reportHtml_page_selfContainedAndDataCannotCloseItsScript() throws Exception {
    fx.commit("x.txt", "x", "</script><script>alert(1)</script> & more");
    fx.gitml("capture");
    Path page = tmp.resolve("page.html");

    CliRun r = fx.gitml("report", "--html", "--out", page.toString());

    assertEquals(0, r.exit(), r.err());
    String html = Files.readString(page);
    assertFalse(html.contains("__DATA__"));
    assertFalse(html.contains("alert(1)</script>"));
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "no network");
    assertEquals(2, count(html, "<script"), "the data and the drawing, both inline");
  }

  @Test
  void reportHtml_outOnSomeoneElsesFileOrALink_refusedAndLeftAlone() throws Exception {
    Path mine = tmp.resolve("notes.html");
    Files.writeString(mine, "<html>my notes</html>");
    Path link = tmp.resolve("link.html");
    Files.createSymbolicLink(link, mine);
    Path page = tmp.resolve("page.html");

    CliRun theirs = fx.gitml("report", "--html", "--out", mine.toString());
    CliRun linked = fx.gitml("report", "--html", "--out", link.toString());
    CliRun first = fx.gitml("report", "--html", "--out", page.toString());
    CliRun again = fx.gitml("report", "--html", "--out", page.toString());

    assertEquals(1, theirs.exit());
    assertTrue(theirs.err().startsWith("gitml: --out "), theirs.err());
    assertTrue(theirs.err().contains("not written by gitml"), theirs.err());
    assertEquals(1, linked.exit());
    assertEquals("<html>my notes</html>", Files.readString(mine));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(0, first.exit(), first.err());
    assertEquals(0, again.exit(), again.err()); // its own earlier page is replaced
    assertEquals(2, fx.gitml("report", "--out", page.toString()).exit()); // --out needs --html
    CliRun nowhere = fx.gitml("report", "--html", "--out", tmp.resolve("no/such.html").toString());
    assertEquals(1, nowhere.exit());
    assertTrue(nowhere.err().contains(": no folder "), nowhere.err());
  }

  @Test
  void reportHtml_openedInHeadlessChromium_everyChartDrawnWithoutScriptErrors() throws Exception {
    String chromium = chromium();
    assumeTrue(
        chromium != null,
        "chromium is not installed (apt-get install chromium): the page is not opened in a"
            + " browser");
    Path page = tmp.resolve("report.html");
    assertEquals(0, fx.gitml("report", "--html", "--out", page.toString()).exit());

    String dom = run(chromium, "--dump-dom", "--virtual-time-budget=5000", page.toUri().toString());
    Path shot = tmp.resolve("report.png");
    run(
        chromium,
        "--screenshot=" + shot,
        "--window-size=1280,2000",
        "--virtual-time-budget=5000",
        page.toUri().toString());

    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    assertTrue(body.find(), dom);
    assertFalse(body.group(1).contains("data-error"), "a script error: " + body.group(1));
    assertTrue(body.group(1).contains("data-rendered=\"ok\""), "the drawing did not finish");
    for (String chart : CHARTS) {
      Matcher m =
          Pattern.compile(
                  "id=\"" + chart + "\".*?class=\"plot\" data-marks=\"(\\d+)\"", Pattern.DOTALL)
              .matcher(dom);
      assertTrue(m.find(), chart + " was not drawn");
      assertTrue(Integer.parseInt(m.group(1)) > 0, chart + " is empty");
    }
    assertTrue(Files.size(shot) > 20_000, "the screenshot is blank: " + Files.size(shot));
    String keep = System.getenv("GITML_REPORT_SCREENSHOT");
    if (keep != null) {
      Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  private String run(String chromium, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--user-data-dir=" + tmp.resolve("chromium profile")));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).redirectError(tmp.resolve("chromium.log").toFile()).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("chromium.log")));
    return out;
  }
}
