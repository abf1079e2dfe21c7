package dev.gitml.collector.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.record.Commit;
import dev.gitml.storage.record.TextFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aider's chat history ({@code .aider.chat.history.md} in the repository, or {@code
 * --chat-history-file}): Markdown, appended by every run in that repository.
 *
 * <pre>
 * # aider chat started at 2025-09-22 12:04:00      a run (a session) begins; local time, no zone
 * > Aider v0.86.2  ␣␣                              aider's own output, quoted, two trailing spaces
 * #### the user's line  ␣␣                         one line typed; consecutive ones form one message
 * plain Markdown                                   the model's answer, edit blocks included
 * > Applied edit to src/a.py  ␣␣                   a file aider wrote
 * > Commit 1b2614a feat: …  ␣␣                      a commit aider made
 * > Tokens: 3.7k sent, 1.5k received. …  ␣␣        the message's tokens
 * </pre>
 *
 * <p>A chat is a user message and everything until the next one that is a prompt: slash commands
 * ({@code /add}, {@code /model}) are not prompts, except {@code /ask}, {@code /code} and {@code
 * /architect} with a message, which aider records again as a plain message right after (taken
 * once). {@code ####} lines without the two trailing spaces are headings of an answer. There are no
 * structured tool calls: an {@code Applied edit to} line is an {@code edit}, a {@code Commit} line
 * a {@code commit} (its hash links the commit to the chat), a {@code Running} line a {@code run}.
 * Files modified are those of {@code Applied edit to} lines and, unless aider reported that an edit
 * failed, the file named above each SEARCH/REPLACE block. A chat whose model said nothing (an
 * error, an interrupt) takes aider's output as its response.
 *
 * <p>The file holds many sessions, told apart by their header's byte offset. Chats carry no time:
 * each takes its session's start, read in the zone given (the machine's own by default, as aider
 * wrote it). A read from an offset starts at a session header; the next read starts at the last
 * session's header again, since the file grows at its end and that session may go on (the chats
 * read again are the same records and stored once).
 */
final class AiderHistory implements TranscriptReader {
  static final String ASSISTANT = "aider";

  /** The history's default file name (aider {@code args.py}: {@code --chat-history-file}). */
  static final String FILE_NAME = ".aider.chat.history.md";

  private static final String HEADER = "# aider chat started at ";
  private static final DateTimeFormatter HEADER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Commands whose message is a prompt, recorded again as a plain message after them. */
  private static final Set<String> PROMPT_COMMANDS = Set.of("/ask", "/code", "/architect");

  /** Aider's messages when an edit was not applied (aider {@code coders/editblock_coder.py}). */
  private static final String[] EDIT_FAILED = {
    "SearchReplaceNoExactMatch", "Did not apply edit", "did not conform to the edit format"
  };

  private static final Pattern COMMIT = Pattern.compile("^Commit ([0-9a-f]{7,40}) (.*)$");
  private static final Pattern TOKENS =
      Pattern.compile("^Tokens: ([0-9.]+)([kM]?) sent,.*?([0-9.]+)([kM]?) received");
  private static final Pattern MODEL = Pattern.compile("^(?:Main model|Model): (\\S+)");

  private static final int MAX_OUTPUT_LINES = 200;

  private final ZoneId zone;

  AiderHistory() {
    this(ZoneId.systemDefault());
  }

  AiderHistory(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public String assistant() {
    return ASSISTANT;
  }

  @Override
  public boolean manySessions() {
    return true;
  }

  /**
   * Aider's marks on its own commits, by version: the {@code aider: } subject prefix (before 0.50),
   * the author or committer name suffixed {@code (aider)} (0.50 on), the {@code Co-authored-by:
   * aider (<model>) <aider@aider.chat>} trailer (0.76 on). Aider docs, git.html.
   */
  @Override
  public Optional<Predicate<Commit>> commitMark() {
    return Optional.of(AiderHistory::madeByAider);
  }

  static boolean madeByAider(Commit commit) {
    String message = commit.message() == null ? "" : commit.message();
    String author = commit.author() == null ? "" : commit.author();
    return message.startsWith("aider: ")
        || author.endsWith("(aider)")
        || message.toLowerCase(java.util.Locale.ROOT).contains("co-authored-by: aider");
  }

  /** Whether {@code file} is named as aider's history, or opens with a session header. */
  static boolean recognizes(Path file, String firstLine) {
    return file.getFileName().toString().endsWith(".chat.history.md")
        || firstLine != null && firstLine.startsWith(HEADER);
  }

  @Override
  public Reading read(Path file, long offset, PathScope scope, boolean finish, Sink sink)
      throws IOException {
    Path dir = file.getParent();
    Pass pass = new Pass(scope.withCwd(dir == null ? null : dir.toString()), sink, offset);
    try (InputStream in = Confinement.open(file, offset)) {
      TextLines lines = new TextLines(in, offset);
      while (lines.next()) {
        pass.line(lines.text(), lines.start());
      }
    }
    return pass.result(finish);
  }

  /** One read: the lines in order, the session and the chat they belong to. */
  private final class Pass {
    private final PathScope scope;
    private final Emitted emitted;
    private final List<SessionFacts> sessions = new ArrayList<>();
    private String sessionId;
    private String started;
    private String model;
    private long sessionAt;
    private Map<String, List<String>> named = new LinkedHashMap<>();
    private final List<String> userLines = new ArrayList<>();

    /** Most lines of one prompt kept (each line is bounded by the line reader). */
    private static final int MAX_PROMPT_LINES = 4_000;

    private long userAt = -1;
    private String repeat;
    private boolean quoteGoesOn;
    private ChatAccumulator open;
    private final StringBuilder answer = new StringBuilder();
    private final List<String> output = new ArrayList<>();
    private final Set<String> blockFiles = new LinkedHashSet<>();
    private boolean editFailed;
    private String previous = "";
    private String beforePrevious = "";

    Pass(PathScope scope, Sink sink, long offset) {
      this.scope = scope;
      this.emitted = new Emitted(sink);
      this.sessionAt = offset;
    }

    void line(String line, long at) throws IOException {
      if (line.startsWith(HEADER)) {
        userBlock();
        startSession(line.substring(HEADER.length()).strip(), at);
        return;
      }
      if (userLine(line)) {
        if (userAt < 0) {
          userAt = at;
        }
        if (userLines.size() < MAX_PROMPT_LINES) { // a pasted file is kept in part, as answers are
          userLines.add(line.length() >= 7 ? line.substring(5, line.length() - 2) : "");
        }
        return;
      }
      userBlock();
      boolean quoted = line.startsWith(">") && (line.length() == 1 || line.charAt(1) == ' ');
      if (quoteGoesOn || quoted) {
        // a quoted message of several lines ends with the one that has aider's two spaces
        quoteGoesOn = !line.isBlank() && !line.endsWith("  ");
        output(quoted ? line.substring(1).strip() : line.strip(), at);
        return;
      }
      answerLine(line);
    }

    private boolean userLine(String line) {
      return line.startsWith("####")
          && line.endsWith("  ")
          && (line.length() == 6 || line.charAt(4) == ' ');
    }

    private void startSession(String time, long at) throws IOException {
      endSession();
      sessionAt = at;
      started = localTime(time);
      sessionId = "aider-" + time.replaceAll("[^0-9]", "") + "-" + at;
      model = null;
      named = new LinkedHashMap<>();
    }

    private String localTime(String time) {
      try {
        return LocalDateTime.parse(time, HEADER_TIME).atZone(zone).toInstant().toString();
      } catch (DateTimeParseException e) {
        return null; // a header aider did not write: its chats have no time
      }
    }

    private void endSession() throws IOException {
      close();
      if (sessionId != null) {
        sessions.add(facts());
      }
    }

    private SessionFacts facts() {
      return new SessionFacts(
          sessionId,
          started,
          started,
          scope.cwd() == null ? null : scope.cwd().toString(),
          null,
          List.of(),
          Map.of(),
          Map.copyOf(named));
    }

    /** The user's message just ended: a prompt, the repeat of one, or a command. */
    private void userBlock() throws IOException {
      if (userLines.isEmpty()) {
        return;
      }
      String text = String.join("\n", userLines).strip();
      long at = userAt;
      userLines.clear();
      userAt = -1;
      String repeated = repeat;
      repeat = null;
      if (text.isEmpty() || text.equals("<blank>") || text.equals(repeated)) {
        return;
      }
      if (text.startsWith("/")) {
        String[] parts = text.split("\\s+", 2);
        if (PROMPT_COMMANDS.contains(parts[0]) && parts.length == 2 && !parts[1].isBlank()) {
          repeat = parts[1].strip();
          if (!repeat.startsWith("/")) { // "/ask /drop x" runs the command, asks nothing
            prompt(repeat, at);
          }
        }
        return;
      }
      prompt(text, at);
    }

    private void prompt(String text, long at) throws IOException {
      close();
      if (sessionId == null) { // lines before any header: a session named by where they start
        sessionId = "aider-" + at;
        sessionAt = at;
      }
      open =
          new ChatAccumulator(
              sessionId + "-" + at, sessionId, text, started, ASSISTANT, null, null, scope);
      if (model != null) {
        open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", model), null);
      }
    }

    private void answerLine(String line) {
      if (!line.isBlank()) {
        repeat = null;
      }
      if (open == null) {
        return;
      }
      if (answer.length() < ChatAccumulator.MAX_RESPONSE) {
        answer.append(line).append('\n');
      }
      String s = line.strip();
      if (s.startsWith("<<<<<<< SEARCH")) {
        String name = previous.startsWith("```") ? beforePrevious : previous;
        name = name.replaceAll("^[`*#\\s]+|[`*:\\s]+$", "");
        if (!name.isEmpty() && name.length() < 300 && !name.startsWith("```")) {
          blockFiles.add(name);
        }
      }
      if (!s.isEmpty()) {
        beforePrevious = previous;
        previous = s;
      }
    }

    /** A line of aider's own output. */
    private void output(String text, long at) {
      Matcher m = MODEL.matcher(text);
      if (m.find()) {
        model = m.group(1);
        if (open != null) {
          open.assistantMessage(JsonNodeFactory.instance.objectNode().put("model", model), null);
        }
      }
      if (open == null) {
        return;
      }
      if (output.size() < MAX_OUTPUT_LINES && !text.isEmpty()) {
        output.add(text);
      }
      for (String failed : EDIT_FAILED) {
        editFailed |= text.contains(failed);
      }
      if (text.startsWith("Applied edit to ")) {
        String file = text.substring("Applied edit to ".length()).strip();
        tool("edit", JsonNodeFactory.instance.objectNode().put("path", file), at, true);
        open.modified(file);
        return;
      }
      Matcher commit = COMMIT.matcher(text);
      if (commit.find()) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("sha", commit.group(1));
        input.put("description", commit.group(2));
        tool("commit", input, at, true);
        named.computeIfAbsent(open.id(), k -> new ArrayList<>()).add(commit.group(1));
        return;
      }
      if (text.startsWith("Running ")) {
        String command = text.substring("Running ".length()).strip();
        tool("run", JsonNodeFactory.instance.objectNode().put("command", command), at, false);
        return;
      }
      Matcher tokens = TOKENS.matcher(text);
      if (tokens.find()) {
        ObjectNode usage = JsonNodeFactory.instance.objectNode();
        usage.put("input_tokens", count(tokens.group(1), tokens.group(2)));
        usage.put("output_tokens", count(tokens.group(3), tokens.group(4)));
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("id", "tokens-" + at);
        message.set("usage", usage);
        open.assistantMessage(message, null);
      }
    }

    /** A tool use of aider's, and its result when aider says it is done. */
    private void tool(String name, ObjectNode input, long at, boolean done) {
      ObjectNode use = JsonNodeFactory.instance.objectNode();
      use.put("type", "tool_use");
      use.put("id", "aider-" + at);
      use.put("name", name);
      use.set("input", input);
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.putArray("content").add(use);
      open.assistantMessage(message, started);
      if (done) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("tool_use_id", "aider-" + at);
        result.put("content", "");
        open.toolResult(result, null, started);
      }
    }

    private void close() throws IOException {
      userBlock();
      if (open == null) {
        return;
      }
      String said = answer.toString().strip();
      if (said.isEmpty() && !output.isEmpty()) {
        said = String.join("\n", output); // the model said nothing: what the user saw instead
      }
      if (!said.isEmpty()) {
        ArrayNode content = JsonNodeFactory.instance.arrayNode();
        content
            .addObject()
            .put("type", "text")
            .put("text", TextFields.cut(said, ChatAccumulator.MAX_RESPONSE));
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.set("content", content);
        open.assistantMessage(message, null);
      }
      if (!editFailed) {
        blockFiles.forEach(open::modified);
      }
      emitted.chat(open);
      open = null;
      answer.setLength(0);
      output.clear();
      blockFiles.clear();
      editFailed = false;
      previous = "";
      beforePrevious = "";
    }

    Reading result(boolean finish) throws IOException {
      long next = sessionAt;
      if (finish) {
        endSession();
      } else if (sessionId != null) {
        sessions.add(facts()); // its last chat waits: the next read starts at its header
      }
      SessionFacts last =
          sessions.isEmpty()
              ? new SessionFacts(null, null, null, null, null, List.of(), Map.of())
              : sessions.get(sessions.size() - 1);
      return new Reading(emitted.chats(), emitted.actions(), next, 0, last, sessions);
    }
  }

  private static long count(String number, String unit) {
    double n;
    try {
      n = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      return 0;
    }
    return Math.round(n * (unit.equals("k") ? 1_000 : unit.equals("M") ? 1_000_000 : 1));
  }
}
