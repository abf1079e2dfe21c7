package dev.gitml.collector.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where an export may be written, and how it takes the place of a previous one.
 *
 * <p>An export never goes to, nor replaces, the repository's work tree, its git directory, the data
 * directory or a folder holding any of them, the user's home or gitml's; nor into the git
 * directory, gitml's home, or the data directory other than below {@code .git-ml/exports/} (where
 * the hand-off writes). Paths are compared by their real paths, so a symbolic link or {@code ..}
 * does not get round it. An existing {@code --out} is replaced only when it is an export of
 * gitml's: a directory whose {@link ExportMarker} lists every file in it, or a file whose first
 * line is a gitml JSONL example or the gitml CSV header (a single-file export has no room for a
 * marker). Never a symbolic link.
 *
 * <p>The export is written beside {@code --out} under a hidden temporary name, then swapped in: the
 * old export is renamed aside, the new one renamed into place, the old one deleted. A failed export
 * deletes only its temporary; a crash leaves the old export whole, at worst under its aside name
 * {@code .NAME.gitml-old-*}.
 */
final class ExportTarget {
  /** The fields of a JSONL export's lines, in the order {@link ExampleWriter} writes them. */
  static final List<String> JSONL_FIELDS =
      List.of("type", "timestamp", "input", "output", "context", "split");

  /**
   * Every field list a JSONL export's first line may have: an example or a trajectory, each with
   * {@code repo} last in an export of many repositories.
   */
  private static final List<List<String>> JSONL_SHAPES =
      List.of(
          JSONL_FIELDS,
          withRepo(JSONL_FIELDS),
          TrajectoryJson.JSONL_FIELDS,
          withRepo(TrajectoryJson.JSONL_FIELDS));

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ExportTarget() {}

  /**
   * Refuses {@code out} unless an export may be written there; an existing one only with {@code
   * force} and when it is gitml's.
   */
  static void check(Path out, Format format, boolean force, DataDir data, Exporter.Surroundings s)
      throws IOException {
    if (Files.isSymbolicLink(out)) {
      throw refused(
          out,
          "is a symbolic link; --force replaces only an export gitml wrote,"
              + " name it by its real path or choose another");
    }
    checkPlace(out, data, s);
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    checkReplaceable(out, format);
    if (!force) {
      throw new FileAlreadyExistsException(out.toString(), null, "exists (--force replaces it)");
    }
  }

  private static void checkPlace(Path out, DataDir data, Exporter.Surroundings s)
      throws IOException {
    Path target = real(out);
    Path dataDir = real(data.root());
    Map<Path, String> kept = new LinkedHashMap<>();
    kept.put(real(s.workTree()), "the repository's work tree");
    Path dotGit = real(s.workTree().resolve(".git"));
    kept.put(dotGit, "the repository's git directory");
    Path gitDir = s.gitDir() == null ? dotGit : real(s.gitDir());
    kept.put(gitDir, "the repository's git directory");
    kept.put(dataDir, "gitml's data directory");
    kept.put(real(s.home()), "the home directory");
    Path gitmlHome = s.gitmlHome() == null ? null : real(s.gitmlHome());
    if (gitmlHome != null) {
      kept.put(gitmlHome, "gitml's home");
    }
    for (Map.Entry<Path, String> e : kept.entrySet()) {
      if (e.getKey().equals(target)) {
        throw refused(out, "is " + e.getValue() + "; name a new path for the export alone");
      }
    }
    for (Map.Entry<Path, String> e : kept.entrySet()) {
      if (e.getKey().startsWith(target)) {
        throw refused(out, "holds " + e.getValue() + "; name a new path for the export alone");
      }
    }
    if (target.startsWith(gitDir) || target.startsWith(dotGit)) {
      throw refused(out, "lies in the repository's git directory; name a path outside it");
    }
    if (gitmlHome != null && target.startsWith(gitmlHome)) {
      throw refused(out, "lies in gitml's home; name a path outside it");
    }
    Path exports = real(data.exports());
    if (target.startsWith(dataDir) && !(target.startsWith(exports) && !target.equals(exports))) {
      throw refused(
          out,
          "lies in gitml's data directory; use .git-ml/exports/NAME" + " or a path outside it");
    }
  }

  /** Refuses an existing {@code out} that is not an export of gitml's this format replaces. */
  private static void checkReplaceable(Path out, Format format) throws IOException {
    if (Files.isSymbolicLink(out)) {
      throw refused(
          out,
          "is a symbolic link; --force replaces only an export gitml wrote,"
              + " name it by its real path or choose another");
    }
    if (format.directory()) {
      if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
        throw refused(
            out,
            "is not a directory export of gitml's; remove it yourself or" + " choose another path");
      }
      checkOnlyListed(out);
    } else if (!Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS) || !isFileExport(out)) {
      throw refused(
          out,
          "is not an export of gitml's (a "
              + format.id()
              + " export replaces"
              + " only a JSONL or CSV file gitml wrote); remove it yourself or choose another path");
    }
  }

  /** Refuses a directory without a marker, or holding anything its marker does not list. */
  private static void checkOnlyListed(Path dir) throws IOException {
    Optional<Set<String>> listed = ExportMarker.read(dir);
    if (listed.isEmpty()) {
      throw refused(
          dir,
          "is not an export of gitml's (no "
              + ExportMarker.NAME
              + " in it);"
              + " remove it yourself or choose another path");
    }
    try (var s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        boolean ours =
            Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && (rel.equals(ExportMarker.NAME) || listed.get().contains(rel));
        if (!ours) {
          throw refused(
              dir,
              "holds "
                  + rel
                  + ", which gitml did not write; move it away or"
                  + " choose another path");
        }
      }
    }
  }

  /**
   * Whether a regular file is a JSONL or CSV export of gitml's: empty (an export with no examples),
   * or its first line is the CSV header or an example with exactly the fields a JSONL export
   * writes. Reads one line's worth at most.
   */
  static boolean isFileExport(Path file) throws IOException {
    for (String h : List.of(ExampleWriter.CSV_HEADER, ExampleWriter.CSV_HEADER_BY_REPO)) {
      byte[] header = h.getBytes(StandardCharsets.UTF_8);
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        byte[] start = in.readNBytes(header.length);
        if (start.length == 0 || java.util.Arrays.equals(start, header)) {
          return true;
        }
      }
    }
    try (JsonParser p = JSON.createParser(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      List<String> names = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        names.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
      return JSONL_SHAPES.contains(names);
    } catch (JsonProcessingException e) {
      return false; // not JSON: not ours
    }
  }

  private static List<String> withRepo(List<String> fields) {
    List<String> out = new ArrayList<>(fields);
    out.add("repo");
    return List.copyOf(out);
  }

  /** A new, empty, owner-only temporary beside {@code out} for the export to be written to. */
  static Path begin(Path out, Format format) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String prefix = "." + out.getFileName() + ".gitml-tmp-";
    // both are created 0700 / 0600 by the JDK on POSIX file systems; restrict says so anyway
    if (format.directory()) {
      Path tmp = Files.createTempDirectory(parent, prefix);
      AtomicFiles.restrict(tmp, AtomicFiles.DIRECTORY);
      return tmp;
    }
    Path tmp = Files.createTempFile(parent, prefix, "");
    AtomicFiles.restrict(tmp, AtomicFiles.FILE);
    return tmp;
  }

  /** Puts the finished {@code tmp} in the place of {@code out}, whose old export goes last. */
  static void swap(Path tmp, Path out) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    Path old = out.resolveSibling("." + out.getFileName() + ".gitml-old-" + UUID.randomUUID());
    Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.move(old, out, StandardCopyOption.ATOMIC_MOVE); // the old export back in place
      } catch (IOException back) {
        e.addSuppressed(back);
      }
      throw e;
    }
    DataDir.deleteTree(old);
  }

  /**
   * Deletes an export of gitml's, refusing as {@code --force} would when {@code out} is not one or
   * holds a file gitml did not write.
   */
  static void delete(Path out, Format format) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    checkReplaceable(out, format);
    DataDir.deleteTree(out);
  }

  /**
   * The real path of {@code p}: that of its nearest existing ancestor (links resolved), with the
   * names not there yet appended.
   */
  static Path real(Path p) throws IOException {
    Path existing = p.toAbsolutePath().normalize();
    Deque<Path> missing = new ArrayDeque<>();
    while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      missing.push(existing.getFileName());
      existing = existing.getParent();
    }
    Path real = existing.toRealPath();
    while (!missing.isEmpty()) {
      real = real.resolve(missing.pop());
    }
    return real;
  }

  private static ExportRefusedException refused(Path out, String why) {
    return new ExportRefusedException("--out " + out + ": " + why);
  }
}
