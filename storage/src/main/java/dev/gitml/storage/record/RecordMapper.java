package dev.gitml.storage.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one Jackson mapper for record payloads: snake_case field names (the Python collector's),
 * absent values left out rather than written as {@code null}, unknown fields tolerated on read so
 * that older builds read newer records.
 */
public final class RecordMapper {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .build();

  private RecordMapper() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode toData(RecordData payload) {
    JsonNode tree = MAPPER.valueToTree(payload);
    return (ObjectNode) tree;
  }

  public static <T extends RecordData> T fromData(JsonNode data, Class<T> type) {
    try {
      return MAPPER.treeToValue(data, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "record data does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
