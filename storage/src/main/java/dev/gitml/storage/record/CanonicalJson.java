package dev.gitml.storage.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order (as {@link String#compareTo}), no
 * insignificant white space, UTF-8, strings escaped the way Jackson escapes them (control
 * characters as backslash escapes: n, t or u00XX; nothing else). Equal trees give equal bytes,
 * which is what makes a record's id a content hash.
 */
public final class CanonicalJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private CanonicalJson() {}

  public static byte[] toBytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory JSON write failed", e);
    }
    return out.toByteArray();
  }

  /** A string as a canonical JSON token, quotes included. */
  public static String quoted(String s) {
    return new String(
        toBytes(com.fasterxml.jackson.databind.node.TextNode.valueOf(s)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Writes {@code node} canonically into an open generator. */
  public static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        List<String> names = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        Collections.sort(names);
        for (String name : names) {
          g.writeFieldName(name);
          write(g, node.get(name));
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode child : node) {
          write(g, child);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> writeNumber(g, node);
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL, MISSING -> g.writeNull();
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
    if (n.isIntegralNumber()) {
      if (n.canConvertToLong()) {
        g.writeNumber(n.longValue());
      } else {
        g.writeNumber(n.bigIntegerValue());
      }
    } else {
      g.writeNumber(n.doubleValue());
    }
  }
}
