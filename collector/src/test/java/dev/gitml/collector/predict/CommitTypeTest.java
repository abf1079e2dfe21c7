package dev.gitml.collector.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitTypeTest {
  @Test
  void of_conventionalPrefixWithScopeAndBang_lowerCaseType() {
    assertEquals(Optional.of("fix"), CommitType.of("Fix(parser)!: nested quotes"));
    assertEquals(Optional.of("chore"), CommitType.of("  chore: bump"));
  }

  @Test
  void of_plainMessage_empty() {
    assertEquals(Optional.empty(), CommitType.of("Sort members."));
    assertEquals(Optional.empty(), CommitType.of("fix the parser: nested quotes"));
  }

  @Test
  void baselineType_plainMessage_firstWordLetters() {
    assertEquals("sort", BaselineModel.type("Sort members."));
    assertEquals("feat", BaselineModel.type("feat(cli): --json"));
  }
}
