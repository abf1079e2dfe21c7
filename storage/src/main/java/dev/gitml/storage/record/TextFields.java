package dev.gitml.storage.record;

/** Bounded text fields (tool outputs, CSV cells, previews). */
public final class TextFields {
  private TextFields() {}

  /**
   * {@code s} cut to at most {@code max} characters, never between the two halves of a surrogate
   * pair, with an ellipsis where it was cut; {@code s} itself when short enough.
   */
  public static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "…";
  }
}
