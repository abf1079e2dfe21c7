package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where GitHub Copilot CLI keeps its sessions: {@code ~/.copilot/session-state/<id>/events.jsonl}
 * ({@code $COPILOT_HOME} for {@code ~/.copilot} when set). The working directory is the {@code
 * cwd:} line of the session's {@code workspace.yaml}, else the {@code session.start} event's {@code
 * data.context.cwd} in the first lines of its events.
 */
public final class CopilotSessions implements SessionSource {
  /** Lines read from the start of the events to find the working directory. */
  private static final int HEAD_LINES = 20;

  /** Bytes read of {@code workspace.yaml}: a few short lines. */
  private static final int YAML_BYTES = 16 * 1024;

  private final Path root;

  public CopilotSessions(Path root) {
    this.root = root;
  }

  /**
   * The session-state folder for this environment ({@code $COPILOT_HOME}, else {@code ~/.copilot}).
   */
  public static CopilotSessions of(Map<String, String> env, Path userHome) {
    return new CopilotSessions(SessionLocations.copilotSessionState(env, userHome));
  }

  @Override
  public String assistant() {
    return CopilotEvents.ASSISTANT;
  }

  @Override
  public List<Path> roots() {
    return List.of(root);
  }

  /** Every {@code <id>/events.jsonl} under the session-state folder. */
  @Override
  public List<Path> sessions(Consumer<String> refused) throws IOException {
    return SessionFolders.files(root, null, n -> n.equals(CopilotEvents.FILE_NAME), refused);
  }

  @Override
  public boolean belongs(Path session, List<Path> workTrees) {
    return cwd(session).filter(c -> SessionFolders.inside(c, workTrees)).isPresent();
  }

  /**
   * The top-level {@code key: value} lines of a session's {@code workspace.yaml} (id, cwd, branch,
   * …), quotes taken off; read through {@link Confinement} and at most {@value #YAML_BYTES} bytes,
   * empty when it is missing or unreadable.
   */
  static Map<String, String> workspace(Path yaml) {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : SessionFolders.head(yaml, YAML_BYTES).split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith(" ")) {
          String v = line.substring(colon + 1).strip();
          if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
            v = v.substring(1, v.length() - 1);
          }
          out.putIfAbsent(line.substring(0, colon), v);
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // none
    }
    return out;
  }

  /** The session's working directory: its {@code workspace.yaml}, else its start event. */
  static Optional<String> cwd(Path events) {
    String fromYaml = workspace(events.resolveSibling("workspace.yaml")).get("cwd");
    if (fromYaml != null && !fromYaml.isEmpty()) {
      return Optional.of(fromYaml);
    }
    try (InputStream in = Confinement.open(events, 0)) {
      BoundedLines lines = new BoundedLines(in, 0);
      for (int i = 0; i < HEAD_LINES && lines.next(); i++) {
        if (lines.oversized()) {
          continue;
        }
        try {
          JsonNode n = Mappers.JSON.readTree(lines.bytes(), 0, lines.length());
          JsonNode cwd = n == null ? null : n.path("data").path("context").path("cwd");
          if (cwd != null && cwd.isTextual()) {
            return Optional.of(cwd.textValue());
          }
        } catch (IOException | RuntimeException notJson) {
          // keep looking
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // none
    }
    return Optional.empty();
  }
}
