package dev.gitml.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.collector.predict.ExistingFiles;
import dev.gitml.collector.predict.FilePredictor;
import dev.gitml.collector.predict.Trainer;
import dev.gitml.storage.DataDir;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitml predict "task" [--seed FILE]... [--top N] [--json]}. */
@Command(name = "predict", description = "Which files a task will probably touch.")
final class PredictCommand extends GitmlSubcommand implements Callable<Integer> {
  @Parameters(paramLabel = "TASK", description = "What you are about to do, in words.")
  String task;

  @Option(
      names = "--seed",
      paramLabel = "FILE",
      description = "A file already being changed (repeatable).")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many files to name (10).")
  int top;

  @Mixin JsonOption output;

  @Override
  public Integer call() throws Exception {
    DataDir data = gitml().workspace().dataDir();
    Trainer.Loaded loaded;
    try {
      loaded = Trainer.load(data);
    } catch (NoSuchFileException e) {
      throw new Cli.FailedException("no trained model yet: run `gitml train`");
    }
    if (top < 1) {
      throw new Cli.UsageException("--top: at least 1: " + top);
    }
    for (String seed : seeds) {
      if (!loaded.model().knows(seed)) {
        gitml()
            .err()
            .println(
                "note: "
                    + seed
                    + " is in no commit the model learned; it says"
                    + " nothing about what changes with it");
      }
    }
    FilePredictor.Query query = new FilePredictor.Query(task, seeds, gitml().clock().millis());
    List<FilePredictor.Ranked> ranked;
    if (gitml().workspace().gitDir() == null) {
      ranked = loaded.model().rank(query, top);
    } else {
      // files deleted since, or gitml's own data an earlier gitml committed, are never named
      try (Repository repo = gitml().workspace().openRepository()) {
        ranked = ExistingFiles.of(repo).keep(loaded.model().rank(query, Integer.MAX_VALUE), top);
      }
    }
    if (output.json()) {
      ObjectNode root = Json.object();
      ArrayNode files = root.putArray("files");
      for (FilePredictor.Ranked r : ranked) {
        files.addObject().put("path", r.file()).put("score", Math.round(r.score() * 1e4) / 1e4);
      }
      Json.print(gitml().out(), root);
    } else if (ranked.isEmpty()) {
      gitml().out().println("no prediction: nothing in the history relates to this task");
    } else {
      for (FilePredictor.Ranked r : ranked) {
        gitml().out().printf(Locale.ROOT, "%6.3f  %s%n", r.score(), r.file());
      }
    }
    return Cli.OK;
  }
}
