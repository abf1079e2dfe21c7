package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.redact.JsonlRedaction;
import dev.gitml.collector.redact.Redaction;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.repo.Workspace;
import dev.gitml.storage.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitml redact [--text T | FILE | -] [--json]} and {@code gitml redact --jsonl}: what the
 * redactor removes before anything is stored. Inside a repository with a data directory, its
 * config.json's extra rules and allowlist apply; elsewhere the built-in rules.
 *
 * <p>Offsets in JSON output count Unicode code points of the input text, as Python's {@code str}
 * indexes do, so scripts can slice with them directly.
 */
@Command(name = "redact", description = "Show what gitml removes from a text before storing it.")
final class RedactCommand extends GitmlSubcommand implements Callable<Integer> {
  @Option(names = "--text", paramLabel = "T", description = "Redact this text.")
  String text;

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "Redact this file; - or nothing reads standard input.")
  String file;

  @Mixin JsonOption output;

  @Option(
      names = "--jsonl",
      description =
          "Stream: read {\"id\", \"text\"} lines, write"
              + " {\"id\", \"text\", \"redactions\"} lines, in order (README).")
  boolean jsonl;

  @Override
  public Integer call() throws Exception {
    if (text != null && file != null) {
      throw new Cli.UsageException("give --text or FILE, not both");
    }
    if (jsonl && (text != null || output.json())) {
      throw new Cli.UsageException(
          "--jsonl reads its texts from FILE or standard input;"
              + " it takes neither --text nor --json");
    }
    Redactor redactor = redactor();
    PrintStream out = gitml().out();
    if (jsonl) {
      try (InputStream in = input()) {
        long bad =
            new JsonlRedaction(redactor, Runtime.getRuntime().availableProcessors())
                .run(in, out, gitml().err());
        return bad == 0 ? Cli.OK : Cli.FAILURE;
      }
    }
    if (output.json()) {
      String input = text != null ? text : new String(readAll(), StandardCharsets.UTF_8);
      Redaction r = redactor.redact(input);
      ObjectNode root = Json.object();
      root.put("text", r.text());
      root.set("redactions", JsonlRedaction.codePointFindings(input, r));
      ObjectNode counts = root.putObject("counts");
      for (Map.Entry<String, Integer> e : r.countsByRule().entrySet()) {
        counts.put(e.getKey(), e.getValue());
      }
      Json.print(out, root);
    } else if (text != null) {
      out.println(redactor.clean(text));
    } else {
      // Latin-1 maps each byte to one char and back: the output is the input, byte for byte,
      // but for the secrets (all ASCII), whatever the file's encoding.
      String input = new String(readAll(), StandardCharsets.ISO_8859_1);
      out.write(redactor.clean(input).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    return Cli.OK;
  }

  private Redactor redactor() throws IOException {
    Optional<Workspace> ws = Workspace.find(gitml().startDirectory());
    if (ws.isPresent() && ws.get().dataDir().exists()) {
      return Redactor.configured(Config.load(ws.get().dataDir().config()));
    }
    return Redactor.standard();
  }

  private InputStream input() throws IOException {
    if (file == null || file.equals("-")) {
      return new java.io.FilterInputStream(gitml().in()) {
        @Override
        public void close() {
          // standard input belongs to the process, not to this command
        }
      };
    }
    Path path = gitml().startDirectory().resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new Cli.FailedException(file + ": no such file");
    }
    return Files.newInputStream(path);
  }

  private byte[] readAll() throws IOException {
    try (InputStream in = input()) {
      return in.readAllBytes();
    }
  }
}
