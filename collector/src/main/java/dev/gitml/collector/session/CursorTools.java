package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.json.Mappers;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Cursor's tools as its agent names them, the editor's ({@code edit_file}, {@code search_replace},
 * {@code read_file}, …) and the CLI's ({@code Write}, {@code StrReplace}, {@code Read}, …): which
 * write files, which read them, and the argument that names the file.
 */
final class CursorTools {
  /** Tools that change the file they name (compared in lower case). */
  private static final Set<String> EDITS =
      Set.of(
          "edit_file",
          "edit_file_v2",
          "search_replace",
          "write",
          "edit",
          "multiedit",
          "strreplace",
          "str_replace",
          "delete_file",
          "delete",
          "reapply",
          "edit_notebook",
          "editnotebook",
          "create_file");

  private static final Set<String> READS =
      Set.of("read_file", "read_file_v2", "read", "readfile", "list_dir", "ls");

  private static final String[] FILE_FIELDS = {
    "target_file",
    "targetFile",
    "file_path",
    "filePath",
    "path",
    "relativeWorkspacePath",
    "target_notebook",
    "targetNotebook"
  };

  private CursorTools() {}

  static boolean edits(String tool) {
    return EDITS.contains(tool.toLowerCase(Locale.ROOT));
  }

  static boolean reads(String tool) {
    return READS.contains(tool.toLowerCase(Locale.ROOT));
  }

  /** Whether the tool applies a patch ({@code *** Begin Patch}) whose files it names. */
  static boolean patches(String tool) {
    return tool.toLowerCase(Locale.ROOT).replace("_", "").equals("applypatch");
  }

  /** The file a tool's arguments name, or null. */
  static String file(JsonNode args) {
    for (String f : FILE_FIELDS) {
      JsonNode v = args.path(f);
      if (v.isTextual() && !v.textValue().isBlank()) {
        return v.textValue();
      }
    }
    return null;
  }

  /**
   * Arguments or a result as JSON: Cursor keeps them as a JSON string ({@code rawArgs}, {@code
   * params}, {@code result}) or an object; a string that is not JSON is kept as text.
   */
  static JsonNode tree(JsonNode value) {
    if (value.isTextual()) {
      String s = value.textValue().strip();
      if (s.startsWith("{") || s.startsWith("[")) {
        try {
          return Mappers.JSON.readTree(s);
        } catch (IOException notJson) {
          return value;
        }
      }
    }
    return value;
  }
}
