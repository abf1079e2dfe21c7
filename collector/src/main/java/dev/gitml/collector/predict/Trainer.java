package dev.gitml.collector.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.gitml.storage.DataDir;
import dev.gitml.storage.Store;
import dev.gitml.storage.files.AtomicFiles;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.record.Run;
import dev.gitml.storage.record.Timestamps;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the file predictor on a store's commits and keeps it in {@code
 * .git-ml/models/file-prediction/}: {@code model.jsonl.zst} (a header line naming the algorithm and
 * its parameters, then the commits it learned, oldest first: learning them again rebuilds the model
 * exactly) and {@code training_info.json} (algorithm, parameters, data counts, metrics of a frozen
 * 80/20 evaluation beside the baseline's, time). Each training is also a record in the {@code runs}
 * stream.
 */
public final class Trainer {
  public static final String DIR = "file-prediction";
  static final String FORMAT = "gitml-file-prediction";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = Mappers.JSON;

  private Trainer() {}

  /** What a training produced. */
  public record Trained(Path dir, ObjectNode info) {}

  /** A model read back, ready to rank. */
  public record Loaded(FilePredictor model, ObjectNode info, int commits) {}

  public static Path dir(DataDir data) {
    return data.models().resolve(DIR);
  }

  public static Trained train(Store store, String algorithm, Clock clock) throws IOException {
    long started = clock.millis();
    List<HistoryCommit> all = History.of(store);
    List<HistoryCommit> usable = new ArrayList<>();
    int tooLarge = 0;
    for (HistoryCommit c : all) {
      if (c.files().isEmpty()) {
        continue;
      }
      if (c.files().size() > HistoryCommit.MAX_FILES) {
        tooLarge++;
      } else {
        usable.add(c);
      }
    }
    if (usable.isEmpty()) {
      throw new IOException(
          "nothing to train on: no stored commit changes a file (import the"
              + " history with `gitml backfill` or `gitml migrate`)");
    }
    FilePredictor model = Models.create(algorithm);
    usable.forEach(model::learn);
    Evaluation.Outcome frozen =
        Evaluation.run(
            usable,
            new Evaluation.Setup(
                Evaluation.Protocol.FROZEN, Evaluation.Queries.TEXT, HistoryCommit.MAX_FILES, 42),
            () -> Models.create(algorithm),
            BaselineModel::new);
    Path dir = dir(store.dir());
    Files.createDirectories(dir);
    ObjectNode header = JSON.createObjectNode();
    header.put("format", FORMAT).put("version", VERSION).put("algorithm", model.name());
    header.set("params", params(model));
    AtomicFiles.write(
        dir.resolve("model.jsonl.zst"),
        out -> {
          BufferedWriter w =
              new BufferedWriter(
                  new OutputStreamWriter(new ZstdOutputStream(out, 9), StandardCharsets.UTF_8));
          w.write(JSON.writeValueAsString(header));
          w.write('\n');
          for (HistoryCommit c : usable) {
            ObjectNode line = JSON.createObjectNode();
            line.put("h", c.hash()).put("m", c.message()).put("t", c.millis());
            c.files().forEach(line.putArray("f")::add);
            w.write(JSON.writeValueAsString(line));
            w.write('\n');
          }
          w.close(); // ends the zstd frame; the file itself is closed after its fsync
        });
    SuggestTable.write(usable, dir.resolve(SuggestTable.FILE));
    long finished = clock.millis();
    ObjectNode info = JSON.createObjectNode();
    info.put("algorithm", model.name());
    info.set("parameters", params(model));
    ObjectNode data = info.putObject("data");
    data.put(
        "stored_commits",
        store.stats().get(dev.gitml.storage.record.RecordType.COMMIT.stream()).keys());
    // the key as earlier runs records in the store spell it (HistoryCommit.MAX_FILES is 30)
    data.put("commits", usable.size())
        .put("left_out_over_30_files", tooLarge)
        .put("files", usable.stream().flatMap(c -> c.files().stream()).distinct().count());
    if (!usable.isEmpty()) {
      data.put("first", Timestamps.iso(usable.get(0).millis()))
          .put("last", Timestamps.iso(usable.get(usable.size() - 1).millis()));
    }
    ObjectNode metrics = info.putObject("metrics");
    metrics.put("protocol", "frozen").put("queries", "text");
    Metrics.Summary ours = frozen.models().get(0);
    Metrics.Summary base = frozen.models().get(1);
    metrics
        .put("n", ours.n())
        .put("mrr", Metrics.round(ours.mrr()))
        .put("recall_at_10", Metrics.round(ours.recallAt10()))
        .put("baseline_mrr", Metrics.round(base.mrr()));
    info.put("trained_at", Timestamps.iso(finished));
    info.put("seconds", Metrics.round((finished - started) / 1000.0));
    AtomicFiles.write(dir.resolve("training_info.json"), Mappers.pretty().writeValueAsBytes(info));
    Run run =
        new Run(
            "file-prediction/" + model.name(),
            Timestamps.iso(started),
            Timestamps.iso(finished),
            "ok",
            info.get("parameters"),
            data,
            metrics,
            null);
    store.append(List.of(dev.gitml.storage.record.StoredRecord.of(run)));
    return new Trained(dir, info);
  }

  /** Reads the trained model back; {@link java.nio.file.NoSuchFileException} if none. */
  public static Loaded load(DataDir data) throws IOException {
    Path dir = dir(data);
    ObjectNode info =
        (ObjectNode) JSON.readTree(Files.readAllBytes(dir.resolve("training_info.json")));
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new ZstdInputStream(Files.newInputStream(dir.resolve("model.jsonl.zst"))),
                StandardCharsets.UTF_8))) {
      JsonNode header = JSON.readTree(r.readLine());
      if (header == null
          || !FORMAT.equals(header.path("format").asText())
          || header.path("version").asInt() != VERSION) {
        throw new IOException(dir + ": not a model this gitml reads (train it again)");
      }
      FilePredictor model = create(header);
      int n = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode c = JSON.readTree(line);
        List<String> files = new ArrayList<>();
        c.path("f").forEach(f -> files.add(f.asText()));
        model.learn(
            new HistoryCommit(
                c.path("h").asText(), c.path("m").asText(), c.path("t").asLong(), files));
        n++;
      }
      return new Loaded(model, info, n);
    }
  }

  static FilePredictor create(JsonNode header) {
    String algorithm = header.path("algorithm").asText();
    if (algorithm.equals("blend") && header.path("params").isObject()) {
      // parameters a model written by an older gitml lacks keep their defaults
      ObjectNode params = JSON.valueToTree(BlendWeights.DEFAULT);
      params.setAll((ObjectNode) header.path("params"));
      return new BlendModel(JSON.convertValue(params, BlendWeights.class));
    }
    return Models.create(algorithm);
  }

  private static JsonNode params(FilePredictor model) {
    return model instanceof BlendModel b ? JSON.valueToTree(b.weights()) : JSON.createObjectNode();
  }
}
