package dev.gitml.storage.migrate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The Python collector's compressed text fields: base64 of zlib-deflated UTF-8. */
final class ZlibText {
  /** Refuse to inflate more than this: a bomb, not a prompt. */
  private static final int MAX_INFLATED = 64 * 1024 * 1024;

  private ZlibText() {}

  static String inflate(String base64) {
    byte[] packed;
    try {
      packed = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("compressed field is not base64", e);
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 4);
      byte[] buf = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("compressed field is truncated");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new IllegalArgumentException("compressed field inflates past 64 MiB");
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("compressed field is not zlib data", e);
    } finally {
      inflater.end();
    }
  }
}
