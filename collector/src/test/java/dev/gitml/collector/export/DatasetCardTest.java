package dev.gitml.collector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetCardTest {
  private static Exporter.Options options(List<Task> tasks) {
    return new Exporter.Options(
        Format.HF, tasks, Path.of("out"), 7, 0, Long.MAX_VALUE, null, false);
  }

  @Test
  void of_emptySplitAndEmptyTask_leftOutOfTheConfigs() {
    String card =
        DatasetCard.of(
            options(List.of(Task.CHAT, Task.FILE_PREDICTION)),
            Map.of(
                "chat", Map.of("train", 0, "validation", 0, "test", 0),
                "file-prediction", Map.of("train", 8, "validation", 0, "test", 1)));

    String front = card.substring(0, card.indexOf("\n---\n") + 5);
    assertEquals(
        "---\nconfigs:\n"
            + "- config_name: file-prediction\n"
            + "  default: true\n"
            + "  data_files:\n"
            + "  - split: train\n"
            + "    path: data/file-prediction/train.jsonl\n"
            + "  - split: test\n"
            + "    path: data/file-prediction/test.jsonl\n"
            + "---\n",
        front);
    assertTrue(card.contains("| chat | 0 | 0 | 0 |"), card);
  }

  @Test
  void of_noExamplesAtAll_emptyConfigList() {
    String card = DatasetCard.of(options(List.of(Task.CHAT)), Map.of());

    assertTrue(card.startsWith("---\nconfigs: []\n---\n"), card);
  }
}
