package dev.gitml.collector.export;

import java.util.List;
import java.util.Map;

/**
 * The README.md of a Hugging Face data set: YAML front matter that lists each task with examples as
 * a config, with the data file of each split that has examples (what {@code
 * datasets.load_dataset(dir)} reads; it refuses a listed split without data), then the counts and
 * how the data was made.
 */
final class DatasetCard {
  private DatasetCard() {}

  static String of(Exporter.Options o, Map<String, Map<String, Integer>> counts) {
    return of(o, counts, false);
  }

  /**
   * The card of an export whose files are partitioned by repository when {@code byRepo} ({@code
   * data/<task>/repo=<name>/<split>.jsonl}): each split's data files a glob over the partitions.
   */
  static String of(Exporter.Options o, Map<String, Map<String, Integer>> counts, boolean byRepo) {
    StringBuilder sb = new StringBuilder("---\nconfigs:");
    boolean first = true;
    for (Task t : o.tasks()) {
      Map<String, Integer> c = counts.getOrDefault(t.id(), Map.of());
      if (c.values().stream().allMatch(n -> n == 0)) {
        continue; // a config without data files would not load
      }
      sb.append("\n- config_name: ").append(t.id()).append('\n');
      if (first) {
        sb.append("  default: true\n");
        first = false;
      }
      sb.append("  data_files:");
      for (String split : List.of(Splits.TRAIN, Splits.VALIDATION, Splits.TEST)) {
        if (c.getOrDefault(split, 0) > 0) {
          sb.append("\n  - split: ")
              .append(split)
              .append("\n    path: data/")
              .append(t.id())
              .append(byRepo ? "/repo=*/" : "/")
              .append(split)
              .append(".jsonl");
        }
      }
    }
    sb.append(first ? " []\n" : "\n");
    sb.append("---\n\n# gitml training data\n\n")
        .append(
            byRepo
                ? "Pooled from several repositories: each example's `repo` names its own, and"
                    + " its files lie in the partition `repo=<name>/` of its task.\n\n"
                : "")
        .append(
            "Written by `gitml export --format hf`. Each line: `type`, `timestamp`, `input`,"
                + " `output`, `context` (`files`, `tools_used`). Every text went through gitml's"
                + " secret redaction before it was stored.\n\n")
        .append("| task | train | validation | test |\n| --- | --- | --- | --- |\n");
    for (Task t : o.tasks()) {
      Map<String, Integer> c = counts.getOrDefault(t.id(), Map.of());
      sb.append("| ")
          .append(t.id())
          .append(" | ")
          .append(c.getOrDefault(Splits.TRAIN, 0))
          .append(" | ")
          .append(c.getOrDefault(Splits.VALIDATION, 0))
          .append(" | ")
          .append(c.getOrDefault(Splits.TEST, 0))
          .append(" |\n");
    }
    sb.append(
            "\nSplits (80/10/10) are deterministic: commits by time, the newest in test;"
                + " chats by session, hashed with seed ")
        .append(o.seed())
        .append(
            ", so one session"
                + " never straddles two splits. `chat`: a prompt and the assistant's answer;"
                + " `commit-message`: a diff (cut at 8,000 characters) and its message;"
                + " `file-prediction`: a commit message and the files it changed, one per line;"
                + " `trajectory`: a chat as `messages` (user, assistant turns with `tool_calls`,"
                + " `tool` results) and `tools`, with `metadata` (the commits it led to, with"
                + " their diffs, and its outcome).\n");
    return sb.toString();
  }
}
