package dev.gitml.collector.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where OpenCode keeps its sessions: {@code $XDG_DATA_HOME/opencode} (default {@code
 * ~/.local/share/opencode}), as a storage tree of JSON files ({@code
 * storage/session/<project>/ses_*.json}, the session's {@code directory} among its first fields)
 * or, since 2026, one database {@code opencode.db} whose {@code session} table has a {@code
 * directory} column. The database belongs to every repository one of its sessions ran in; {@link
 * SessionIngest#onlyIn} then reads only that repository's.
 */
public final class OpenCodeSessions implements SessionSource {
  static final String DATABASE = "opencode.db";

  private final Path root;

  /** {@code root}: the folder holding {@code storage/} and {@code opencode.db}. */
  public OpenCodeSessions(Path root) {
    this.root = root;
  }

  /** The data folder for this environment. */
  public static OpenCodeSessions of(Map<String, String> env, Path userHome) {
    return new OpenCodeSessions(SessionLocations.opencodeStorage(env, userHome).getParent());
  }

  @Override
  public String assistant() {
    return OpenCodeChats.ASSISTANT;
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  /** Every session file of the storage tree, and the database. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> out =
        new ArrayList<>(
            SessionFolders.files(
                root.resolve("storage/session"),
                null,
                n -> n.startsWith("ses_") && n.endsWith(".json"),
                refused));
    Path db = root.resolve(DATABASE);
    if (Files.exists(db)) {
      Confinement confinement = Confinement.to(root);
      confinement.regularFile(db).ifPresent(out::add);
      confinement.refused().forEach(refused);
    }
    return out.stream().distinct().sorted().toList();
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    if (session.getFileName().toString().equals(DATABASE)) {
      return databaseBelongs(session, workTrees);
    }
    return directory(session).filter(d -> SessionFolders.inside(d, workTrees)).isPresent();
  }

  /** The database: a session of the repository may be added to it at any time. */
  @Override
  public boolean belongingMayChange(Path session) {
    return session.getFileName().toString().equals(DATABASE);
  }

  /** Whether one of the database's sessions ran in {@code workTrees}. */
  private static boolean databaseBelongs(Path db, List<Path> workTrees) {
    try {
      Optional<SessionDatabase> opened = TranscriptFormats.databaseFor(db);
      if (opened.isEmpty()) {
        return false;
      }
      try (SessionDatabase sessions = opened.get()) {
        return sessions.sessions().stream()
            .anyMatch(e -> SessionFolders.inside(e.directory(), workTrees));
      }
    } catch (IOException | RuntimeException unreadable) {
      return false;
    }
  }

  /** The {@code directory} a session file names at its top level. */
  static Optional<String> directory(Path session) {
    try (InputStream in = Confinement.open(session, 0);
        JsonParser p = Mappers.JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("directory") && value == JsonToken.VALUE_STRING) {
          return Optional.of(p.getText());
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException unreadable) {
      // not a session we can use
    }
    return Optional.empty();
  }
}
