package dev.gitml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitml.collector.capture.HunkBuilder;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.RecordMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.jgit.diff.RawText;

/**
 * Real data for the benchmarks. Lite commits come from ../shared/datasets/history (7.7k real
 * commits, repeated with fresh hashes to reach the size asked for). Commits with hunks come from
 * real code changes: the diff between consecutive releases of commons-codec and commons-lang3
 * (their source jars, fetched from Maven Central by {@code ./mvnw -Pbench}), each release's changed
 * files cut into commits of up to four files, with real messages from the history set.
 */
final class Corpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  static Path shared() {
    return Path.of(System.getProperty("gitml.shared", "../shared")).toAbsolutePath().normalize();
  }

  /** The real lite commits of the history data set (empty when ../shared is absent). */
  static List<Commit> historyCommits() throws IOException {
    Path dir = shared().resolve("datasets/history");
    List<Commit> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".commits.jsonl")).sorted().toList()) {
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          String line;
          while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
              out.add(RecordMapper.fromData(JSON.readTree(line), Commit.class));
            }
          }
        }
      }
    }
    return out;
  }

  /** {@code n} lite commits: the real ones, repeated with hashes made unique. */
  static List<Commit> liteCommits(int n) throws IOException {
    List<Commit> real = historyCommits();
    if (real.isEmpty()) {
      throw new IOException("../shared/datasets/history not found: the benchmark needs it");
    }
    List<Commit> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Commit c = real.get(i % real.size());
      String hash = i < real.size() ? c.hash() : sha1(c.hash() + "/" + i);
      out.add(
          new Commit(
              hash,
              c.message(),
              c.author(),
              c.timestamp(),
              c.branch(),
              c.filesChanged(),
              c.insertions(),
              c.deletions(),
              c.hourOfDay(),
              c.dayOfWeek(),
              c.isMerge(),
              c.isInitial(),
              c.parentCount(),
              c.secondsSinceLastCommit()));
    }
    return out;
  }

  /** Real commit messages from the history data set, for the replayed commits. */
  private static List<String> messages() throws IOException {
    List<String> messages = new ArrayList<>();
    for (Commit c : historyCommits()) {
      messages.add(c.message());
    }
    if (messages.isEmpty()) {
      messages.add("Update sources");
    }
    return messages;
  }

  /** Commits with hunks made from consecutive releases' sources in {@code corpusDir}. */
  static List<CommitFull> fullCommits(Path corpusDir) throws IOException {
    Map<String, List<Path>> byArtifact = artifacts(corpusDir);
    List<String> messages = messages();
    List<CommitFull> out = new ArrayList<>();
    OffsetDateTime time = OffsetDateTime.of(2020, 1, 6, 9, 0, 0, 0, ZoneOffset.ofHours(1));
    for (List<Path> jars : byArtifact.values()) {
      jars.sort((a, b) -> compareVersions(version(a), version(b)));
      for (int v = 1; v < jars.size(); v++) {
        Map<String, byte[]> before = javaSources(jars.get(v - 1));
        Map<String, byte[]> after = javaSources(jars.get(v));
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : after.entrySet()) {
          if (!java.util.Arrays.equals(e.getValue(), before.get(e.getKey()))) {
            changed.add(e.getKey());
          }
        }
        for (int from = 0; from < changed.size(); from += 4) {
          List<String> files = changed.subList(from, Math.min(changed.size(), from + 4));
          List<Hunk> hunks = new ArrayList<>();
          int added = 0;
          int removed = 0;
          for (String file : files) {
            for (Hunk h : hunks(file, before.get(file), after.get(file))) {
              hunks.add(h);
              added += h.linesAdded().size();
              removed += h.linesRemoved().size();
            }
          }
          time = time.plusMinutes(37 + (out.size() * 53L) % 600);
          String message = messages.get(out.size() % messages.size());
          out.add(
              new CommitFull(
                  sha1(jars.get(v) + "/" + from),
                  message,
                  "author-bench",
                  time.toString(),
                  "main",
                  List.copyOf(files),
                  added,
                  removed,
                  time.getHour(),
                  time.getDayOfWeek()
                      .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ROOT),
                  false,
                  false,
                  1,
                  37 * 60L,
                  hunks,
                  null,
                  false,
                  false,
                  null));
        }
      }
    }
    return out;
  }

  /** One hunk per edit, as gitml's capture makes them. */
  static List<Hunk> hunks(String file, byte[] before, byte[] after) {
    RawText a = new RawText(before == null ? new byte[0] : before);
    RawText b = new RawText(after);
    return HunkBuilder.hunks(
        file, before == null ? "add" : "modify", a, b, HunkBuilder.edits(a, b));
  }

  /**
   * Replays the corpus as a git history in {@code repo}: each artifact's first release as one
   * commit, then each release's changed files four at a time, with real messages. Returns the
   * number of commits.
   */
  static int gitHistory(Path corpusDir, Path repo) throws Exception {
    Map<String, List<Path>> byArtifact = artifacts(corpusDir);
    List<String> messages = messages();
    int n = 0;
    long time = 1_577_000_000L;
    try (org.eclipse.jgit.api.Git git =
        org.eclipse.jgit.api.Git.init()
            .setDirectory(repo.toFile())
            .setInitialBranch("main")
            .call()) {
      for (Map.Entry<String, List<Path>> artifact : byArtifact.entrySet()) {
        List<Path> jars = artifact.getValue();
        jars.sort((a, b) -> compareVersions(version(a), version(b)));
        Map<String, byte[]> before = Map.of();
        for (Path jar : jars) {
          Map<String, byte[]> after = javaSources(jar);
          List<String> changed = new ArrayList<>();
          for (Map.Entry<String, byte[]> e : after.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), before.get(e.getKey()))) {
              changed.add(e.getKey());
            }
          }
          int group = before.isEmpty() ? changed.size() : 4;
          for (int from = 0; from < changed.size(); from += group) {
            for (String file : changed.subList(from, Math.min(changed.size(), from + group))) {
              Path target = repo.resolve(artifact.getKey()).resolve(file);
              Files.createDirectories(target.getParent());
              Files.write(target, after.get(file));
            }
            git.add().addFilepattern(".").call();
            time += 37 * 60 + (n * 53L * 60) % 36_000;
            org.eclipse.jgit.lib.PersonIdent who =
                new org.eclipse.jgit.lib.PersonIdent(
                    "Bench",
                    "bench@example.org",
                    java.time.Instant.ofEpochSecond(time),
                    java.time.ZoneOffset.ofHours(1));
            git.commit()
                .setMessage(messages.get(n % messages.size()))
                .setAuthor(who)
                .setCommitter(who)
                .call();
            n++;
          }
          before = after;
        }
      }
    }
    return n;
  }

  private static Map<String, List<Path>> artifacts(Path corpusDir) throws IOException {
    Map<String, List<Path>> byArtifact = new TreeMap<>();
    try (Stream<Path> s = Files.list(corpusDir)) {
      for (Path jar : s.filter(p -> p.toString().endsWith("-sources.jar")).toList()) {
        String name = jar.getFileName().toString();
        String artifact = name.substring(0, name.indexOf('-', name.indexOf('-') + 1));
        byArtifact.computeIfAbsent(artifact, k -> new ArrayList<>()).add(jar);
      }
    }
    return byArtifact;
  }

  /** Java source files of the corpus jars, as text, until {@code bytes} are collected. */
  static List<String> sourceTexts(Path corpusDir, long bytes) throws IOException {
    List<Path> jars;
    try (Stream<Path> s = Files.list(corpusDir)) {
      jars = s.filter(p -> p.toString().endsWith("-sources.jar")).sorted().toList();
    }
    if (jars.isEmpty()) {
      throw new IOException("no source jars in " + corpusDir + " (build with ./mvnw -Pbench)");
    }
    List<String> out = new ArrayList<>();
    long total = 0;
    for (int i = 0; total < bytes; i++) {
      for (byte[] source : javaSources(jars.get(i % jars.size())).values()) {
        out.add(new String(source, StandardCharsets.UTF_8));
        total += source.length;
        if (total >= bytes) {
          break;
        }
      }
    }
    return out;
  }

  private static Map<String, byte[]> javaSources(Path jar) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (!e.isDirectory() && e.getName().endsWith(".java")) {
          try (var in = zip.getInputStream(e)) {
            out.put("src/main/java/" + e.getName(), in.readAllBytes());
          }
        }
      }
    }
    return out;
  }

  private static String version(Path jar) {
    String name = jar.getFileName().toString();
    return name.substring(
        name.lastIndexOf('-', name.length() - "-sources.jar".length() - 1) + 1,
        name.length() - "-sources.jar".length());
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode tree(String json) throws IOException {
    return JSON.readTree(json);
  }
}
