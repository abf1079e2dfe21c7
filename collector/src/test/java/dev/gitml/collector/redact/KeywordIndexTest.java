package dev.gitml.collector.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordIndexTest {
  private static List<String> hits(KeywordIndex index, String text) {
    List<String> out = new ArrayList<>();
    index.scan(text, (k, start) -> out.add(index.keyword(k) + "@" + start));
    return out;
  }

  @Test
  void scan_overlappingKeywords_reportsEachOccurrence() {
    // the textbook example of Aho and Corasick's paper
    KeywordIndex index = new KeywordIndex(List.of("he", "she", "his", "hers"));

    assertEquals(List.of("she@1", "he@2", "hers@2"), hits(index, "ushers"));
  }

  @Test
  void scan_upperCaseText_matchesLowerCaseKeywords() {
    KeywordIndex index = new KeywordIndex(List.of("akia", "ghp_"));

    assertEquals(List.of("akia@4", "ghp_@16"), hits(index, "key=AKIAXYZ and GHP_x"));
  }

  @Test
  void scan_nonAsciiInsideKeyword_breaksTheMatch() {
    KeywordIndex index = new KeywordIndex(List.of("token"));

    assertEquals(List.of("token@6"), hits(index, "tokén token"));
  }

  @Test
  void new_upperCaseKeyword_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new KeywordIndex(List.of("Token")));
  }
}
