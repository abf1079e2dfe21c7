package dev.gitml.collector.export;

import java.util.Locale;

/** How an export is written. */
public enum Format {
  /** One JSONL file, each line an example with its split. */
  JSONL,
  /** One CSV file (RFC 4180), long fields cut as the Python tool cut them. */
  CSV,
  /** A directory of train/validation/test JSONL files in the chat form fine-tuning APIs take. */
  CHAT_JSONL,
  /** A directory that Hugging Face's {@code datasets.load_dataset(dir)} loads. */
  HF,
  /**
   * A directory in Hugging Face's Parquet layout ({@code
   * data/<task>/<split>-00000-of-0000N.parquet} and a card): typed, zstd-compressed columns that
   * DuckDB, Spark, Polars, pandas and {@code datasets} read as they are.
   */
  PARQUET;

  /** Whether the output is a directory rather than one file. */
  public boolean directory() {
    return this == CHAT_JSONL || this == HF || this == PARQUET;
  }

  /**
   * Its name on the command line: {@code jsonl}, {@code csv}, {@code chat-jsonl}, {@code hf},
   * {@code parquet}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Format parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no format " + value + " (jsonl, csv, hf, chat-jsonl, parquet)");
    }
  }
}
