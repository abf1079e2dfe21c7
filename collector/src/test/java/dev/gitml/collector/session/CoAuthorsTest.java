package dev.gitml.collector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CoAuthorsTest {
  @Test
  void of_trailersAsEachAssistantWritesThem_assistantsNamed() {
    String message =
        "Fix the parser\n\n"
            + "Co-Authored-By: Claude <noreply@anthropic.com>\n"
            + "Co-authored-by: aider (gpt-4o) <noreply@aider.chat>\n"
            + "Co-authored-by: Codex <noreply@openai.com>\n"
            + "Co-authored-by: Cursor Agent <cursoragent@cursor.com>\n"
            + "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n"
            + "Co-authored-by: Ana <ana@example.org>\n";

    assertEquals(
        Set.of("claude-code", "aider", "codex", "cursor", "copilot"), CoAuthors.of(message));
  }

  @Test
  void of_mentionOutsideATrailer_nothing() {
    assertEquals(Set.of(), CoAuthors.of("Ask Claude about it\n\nSigned-off-by: Ana <a@b>"));
  }
}
