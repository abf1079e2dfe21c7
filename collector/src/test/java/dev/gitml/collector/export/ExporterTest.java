package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.CommitFull;
import dev.gitml.storage.record.Hunk;
import dev.gitml.storage.record.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an export may go and what it may replace, on an empty store in a temporary tree. */
class ExporterTest {
  @TempDir Path tmp;
  Path repo;
  Path home;
  Path gitmlHome;
  DataDir data;
  Exporter.Surroundings where;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    repo = Files.createDirectories(home.resolve("src/repo"));
    gitmlHome = Files.createDirectories(home.resolve(".gitml"));
    Files.createDirectories(repo.resolve(".git"));
    data = DataDir.of(repo);
    data.initialize();
    where =
        new Exporter.Surroundings(
            repo,
            null,
            home,
            gitmlHome,
            Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC));
  }

  private Exporter.Result export(Format format, Path out, boolean force) throws Exception {
    try (Store store = Store.open(data)) {
      return Exporter.run(
          store,
          new Exporter.Options(format, List.of(Task.CHAT), out, 42, 0, 0, null, force),
          where);
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void run_forceOutIsTheHomeWithAPlantedMarker_refusedAndHomeKept() throws Exception {
    Files.writeString(home.resolve(ExportMarker.NAME), "gitml-export 1\n");

    ExportRefusedException e =
        assertThrows(ExportRefusedException.class, () -> export(Format.HF, home, true));

    assertTrue(e.getMessage().contains("is the home directory"), e.getMessage());
    assertTrue(Files.isDirectory(repo.resolve(".git")));
  }

  @Test
  void run_forceOutHoldsTheHome_refused() {
    ExportRefusedException e =
        assertThrows(ExportRefusedException.class, () -> export(Format.HF, tmp, true));

    assertTrue(e.getMessage().contains("holds"), e.getMessage());
    assertTrue(Files.isDirectory(repo.resolve(".git")));
  }

  @Test
  void run_outInsideGitmlHome_refused() {
    ExportRefusedException e =
        assertThrows(
            ExportRefusedException.class,
            () -> export(Format.JSONL, gitmlHome.resolve("inbox/x.jsonl"), false));

    assertTrue(e.getMessage().contains("gitml's home"), e.getMessage());
    assertFalse(Files.exists(gitmlHome.resolve("inbox")));
  }

  @Test
  void run_outThroughASymlinkedParentIntoTheDataDirectory_refused() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("shortcut"), data.local());

    ExportRefusedException e =
        assertThrows(
            ExportRefusedException.class,
            () -> export(Format.JSONL, link.resolve("commits-full"), true));

    assertTrue(e.getMessage().contains("data directory"), e.getMessage());
  }

  @Test
  void run_forceOverPreviousExport_replacedWithNothingLeftBeside() throws Exception {
    Path out = tmp.resolve("exports/ds");
    export(Format.HF, out, false);

    export(Format.HF, out, true);

    assertEquals(List.of("ds"), names(out.getParent()));
    assertEquals(
        "gitml-export 1\nformat hf\nwritten 2026-05-01T10:00:00Z\nfile README.md\n",
        Files.readString(out.resolve(ExportMarker.NAME)));
  }

  @Test
  void run_storeFailsMidway_oldExportKeptAndNoTemporaryLeft() throws Exception {
    Path out = tmp.resolve("exports/ds");
    export(Format.HF, out, false);
    String card = Files.readString(out.resolve("README.md"));
    Store closed = Store.open(data);
    closed.close(); // a store that fails as soon as the export reads it

    assertThrows(
        Exception.class,
        () ->
            Exporter.run(
                closed,
                new Exporter.Options(Format.HF, List.of(Task.CHAT), out, 42, 0, 0, null, true),
                where));

    assertEquals(List.of("ds"), names(out.getParent()));
    assertEquals(card, Files.readString(out.resolve("README.md")));
  }

  @Test
  void delete_exportHoldingAFileGitmlDidNotWrite_refusedAndKept() throws Exception {
    Path out = data.exports().resolve("handoff");
    export(Format.HF, out, false);
    Files.writeString(out.resolve("checkpoint.bin"), "trained\n");

    ExportRefusedException e =
        assertThrows(ExportRefusedException.class, () -> Exporter.delete(out, Format.HF));

    assertTrue(e.getMessage().contains("checkpoint.bin"), e.getMessage());
    assertTrue(Files.exists(out.resolve("checkpoint.bin")));
  }

  @Test
  void addFile_trainerLog_ownerOnlyAndTheExportStillReplaceable() throws Exception {
    Path out = data.exports().resolve("handoff");
    export(Format.HF, out, false);

    Path log = Exporter.addFile(out, "trainer.log");
    Files.writeString(log, "epoch 1\n");
    String mode =
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log));
    export(Format.HF, out, true);

    assertEquals("rw-------", mode);
    assertFalse(Files.exists(log));
  }

  @Test
  void isFileExport_csvHeaderJsonlExampleOrEmpty_trueOtherwiseFalse() throws Exception {
    Path f = tmp.resolve("f");
    Files.writeString(f, ExampleWriter.CSV_HEADER + "train,chat,t,i,o,,\n");
    assertTrue(ExportTarget.isFileExport(f));
    Files.writeString(
        f,
        "{\"type\":\"chat\",\"timestamp\":\"t\",\"input\":\"i\",\"output\":\"o\","
            + "\"context\":{\"files\":[],\"tools_used\":[]},\"split\":\"train\"}\n");
    assertTrue(ExportTarget.isFileExport(f));
    Files.writeString(f, "");
    assertTrue(ExportTarget.isFileExport(f));
    Files.writeString(f, "{\"type\":\"chat\",\"split\":\"train\"}\n");
    assertFalse(ExportTarget.isFileExport(f));
    Files.writeString(f, "split,type\nmine,notes\n");
    assertFalse(ExportTarget.isFileExport(f));
    Files.write(f, new byte[] {(byte) 0xff, 0, 1, 2});
    assertFalse(ExportTarget.isFileExport(f));
  }

  @Test
  void run_sinceWindow_splitEightyTenTenInsideTheWindow() throws Exception {
    List<StoredRecord> commits = new ArrayList<>();
    for (int day = 0; day < 100; day++) {
      commits.add(commit(day, "Change " + day, List.of(hunk(day))));
    }
    try (Store store = Store.open(data)) {
      store.append(commits);
      long since = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(50 * 86_400L).toEpochMilli();

      Exporter.Result r =
          Exporter.run(
              store,
              new Exporter.Options(
                  Format.JSONL,
                  List.of(Task.COMMIT_MESSAGE),
                  tmp.resolve("out.jsonl"),
                  42,
                  since,
                  0,
                  null,
                  false),
              where);

      assertEquals(
          Map.of("train", 40, "validation", 5, "test", 5),
          r.counts().get(Task.COMMIT_MESSAGE.id()));
    }
  }

  @Test
  void run_commitWithoutADiff_leftOutOfEveryFormatAndCounted() throws Exception {
    try (Store store = Store.open(data)) {
      store.append(
          List.of(
              commit(1, "Add parser", List.of(hunk(1))),
              commit(2, "svn:ignore target", List.of())));

      for (Format format : Format.values()) {
        Path out = tmp.resolve("out-" + format.name());
        Exporter.Result r =
            Exporter.run(
                store,
                new Exporter.Options(
                    format, List.of(Task.COMMIT_MESSAGE), out, 42, 0, 0, null, false),
                where);

        assertEquals(1, r.total(), format.name());
        String written = format.directory() ? readAll(out) : Files.readString(out);
        assertFalse(written.contains("svn:ignore"), format + ": " + written);
        assertFalse(written.contains("\"content\":\"\""), format + ": " + written);
      }
      assertEquals(Map.of("commit-message", 1L), Exporter.leftOutEmpty(store));
    }
  }

  @Test
  void run_chatStoredAgainWhenItGrew_exportsTheCopyWithTheWholeAnswer() throws Exception {
    try (Store store = Store.open(data)) {
      store.append(List.of(StoredRecord.of(chat("Cut sh"))));
      store.append(List.of(StoredRecord.of(chat("Cut short no more: the whole answer."))));
      Path out = tmp.resolve("chats.jsonl");

      Exporter.run(
          store,
          new Exporter.Options(Format.JSONL, List.of(Task.CHAT), out, 42, 0, 0, null, false),
          where);

      String written = Files.readString(out);
      assertEquals(1, written.lines().count(), written);
      assertTrue(written.contains("the whole answer"), written);
    }
  }

  private static Chat chat(String response) {
    return new Chat(
        "c1",
        "2026-04-01T10:00:00Z",
        "s1",
        "Explain the parser",
        response,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "claude-code",
        null,
        null,
        null,
        null);
  }

  private static String readAll(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        sb.append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return sb.toString();
  }

  /** A full commit on day {@code day} of 2026. */
  static StoredRecord commit(int day, String message, List<Hunk> hunks) {
    String ts = Instant.parse("2026-01-01T10:00:00Z").plusSeconds(day * 86_400L).toString();
    return StoredRecord.of(
        new CommitFull(
            String.format("%040x", day + 1),
            message,
            "ana",
            ts,
            "main",
            List.of("src/F.java"),
            1,
            1,
            10,
            "Monday",
            false,
            day == 0,
            1,
            60L,
            hunks,
            null,
            false,
            false,
            null));
  }

  static Hunk hunk(int i) {
    return new Hunk(
        "src/F.java",
        "run",
        10,
        List.of("int x = " + i + ";"),
        List.of("int x = 0;"),
        List.of(),
        List.of(),
        "modify");
  }
}
