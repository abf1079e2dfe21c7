package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * OpenCode's JSON storage tree ({@code ~/.local/share/opencode/storage/}, before its 2026 move to
 * SQLite), one small file per object:
 *
 * <pre>
 * session/&lt;projectID&gt;/&lt;sessionID&gt;.json     the session: id, directory, parentID, title, time
 * message/&lt;sessionID&gt;/&lt;messageID&gt;.json     a message's info (role, time, modelID, tokens, error)
 * part/&lt;messageID&gt;/&lt;partID&gt;.json           its content, in id order
 * </pre>
 *
 * <p>Earlier versions (0.x) kept the same files under {@code session/info/}, {@code
 * session/message/<sessionID>/} and {@code session/part/<sessionID>/<messageID>/}; both are read.
 * The transcript is the session's file; its messages and parts are read from the storage root,
 * confined to it: the folders by their real paths, the files by being regular files, not links (a
 * link is passed over and counted as garbage). IDs are OpenCode's sortable ones, so file-name order
 * is time order. What a message holds is read by {@link OpenCodeChats}; every read reads the whole
 * session, returning 0 as the next offset, and chat ids are the prompts' message ids, so a session
 * read again is stored once.
 */
final class OpenCodeStorage implements TranscriptReader {
  /** Largest message or part file read (a tool's output can be large; a file is parsed whole). */
  static final long MAX_FILE = 64L << 20;

  @Override
  public String assistant() {
    return OpenCodeChats.ASSISTANT;
  }

  /** Whether {@code file} is a session's file in a storage tree: {@code session/<x>/ses_*.json}. */
  static boolean sessionFile(Path file) {
    String name = file.getFileName().toString();
    Path project = file.getParent();
    Path sessions = project == null ? null : project.getParent();
    return name.startsWith("ses_")
        && name.endsWith(".json")
        && sessions != null
        && sessions.getFileName() != null
        && sessions.getFileName().toString().equals("session");
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    JsonNode session = json(file);
    if (session == null || !session.path("id").isTextual()) {
      throw new IOException(file + ": not an OpenCode session (no id)");
    }
    String id = session.path("id").textValue();
    Path sessions = file.getParent().getParent();
    boolean legacy = file.getParent().getFileName().toString().equals("info");
    Path root = legacy ? sessions : sessions.getParent();
    Confinement confinement = Confinement.to(root);
    Path realRoot = confinement.root();
    Optional<Path> partRoot = confinement.childDirectory(realRoot, "part");
    if (legacy) {
      partRoot = partRoot.flatMap(d -> confinement.childDirectory(d, id));
    }
    OpenCodeChats chats = new OpenCodeChats(session, scope, sink);
    for (Path m :
        files(
            confinement
                .childDirectory(realRoot, "message")
                .flatMap(d -> confinement.childDirectory(d, id)))) {
      JsonNode info = json(m);
      if (info == null) {
        chats.garbage();
        continue;
      }
      String messageId = info.path("id").asText("");
      List<JsonNode> parts = new ArrayList<>();
      info.path("parts").forEach(parts::add); // the earliest versions kept them in the message
      for (Path p : files(partRoot.flatMap(d -> confinement.childDirectory(d, messageId)))) {
        JsonNode part = json(p);
        if (part == null) {
          chats.garbage();
        } else {
          parts.add(part);
        }
      }
      chats.message(info, parts);
    }
    for (int i = 0; i < confinement.refused().size(); i++) {
      chats.garbage();
    }
    return chats.result(finish);
  }

  /**
   * The {@code *.json} entries of a folder, by name, given by its real path inside the root ({@link
   * Confinement#childDirectory}; none when absent or outside it). Its entries are opened only if
   * they are regular files themselves, not links ({@link #json}), so they are inside it too.
   */
  private static List<Path> files(Optional<Path> realDir) throws IOException {
    if (realDir.isEmpty()) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(realDir.get(), "*.json")) {
      s.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /**
   * A file's JSON object, or null when it is not a regular file (a link is not followed), is too
   * large, or is not one.
   */
  private static JsonNode json(Path file) {
    try (InputStream in = Confinement.open(file, 0)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE + 1);
      if (bytes.length > MAX_FILE) {
        return null;
      }
      JsonNode n = Mappers.JSON.readTree(bytes);
      return n != null && n.isObject() ? n : null;
    } catch (IOException notJsonOrGone) {
      return null; // OpenCode rewrites its files as it runs: one gone or unreadable is skipped
    }
  }
}
