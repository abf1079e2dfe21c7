package dev.gitml.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitml.storage.json.Mappers;
import java.io.PrintStream;

/** Machine-readable output: one JSON document, nothing else on stdout. */
public final class Json {
  private static final ObjectMapper MAPPER = Mappers.JSON;

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static com.fasterxml.jackson.databind.node.ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  public static void print(PrintStream out, Object value) {
    try {
      out.println(Mappers.pretty().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("output always serializes", e);
    }
  }
}
