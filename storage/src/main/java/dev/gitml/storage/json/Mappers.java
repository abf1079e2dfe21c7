package dev.gitml.storage.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson mapper of gitml's own files and messages (state, config, manifests, settings, models,
 * the daemon's socket), configured once: Jackson's defaults. A mapper is thread-safe once
 * configured and costs some 50 ms to build, so every class shares this one. Record payloads have
 * their own configuration ({@code RecordMapper}: snake_case, absent values left out).
 */
public final class Mappers {
  public static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();

  private Mappers() {}

  /** A writer that indents: files a person may read or edit. */
  public static ObjectWriter pretty() {
    return PRETTY;
  }
}
