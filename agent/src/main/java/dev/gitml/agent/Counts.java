package dev.gitml.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts by name as a person reads them, {@code secret-argument 3, github-token 1}: never a Java
 * map's {@code toString} ({@code {secret-argument=3}}) in what a user sees.
 */
final class Counts {
  private Counts() {}

  /** {@code a 3, b 1} in the map's order; {@code none} when empty. */
  static String of(Map<String, ? extends Number> byName) {
    if (byName.isEmpty()) {
      return "none";
    }
    return byName.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** The same for a JSON object of numbers. */
  static String of(JsonNode byName) {
    List<String> parts = new ArrayList<>();
    byName.properties().forEach(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
