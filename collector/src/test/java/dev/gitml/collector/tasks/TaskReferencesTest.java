package dev.gitml.collector.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitml.collector.tasks.TaskReferences.Ref;
import dev.gitml.storage.record.Link.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskReferencesTest {
  @Test
  void inMessage_closingKeywordBeforeReference_completesOnlyThatOne() {
    assertEquals(
        List.of(new Ref("#12", Kind.COMPLETES), new Ref("#13", Kind.REFERENCES)),
        TaskReferences.inMessage("Retry on timeout\n\nFixes #12, see #13"));
    assertEquals(List.of(new Ref("#7", Kind.COMPLETES)), TaskReferences.inMessage("closes: GH-7"));
    assertEquals(
        List.of(new Ref("PROJ-42", Kind.COMPLETES)),
        TaskReferences.inMessage("Resolved PROJ-42 by caching"));
  }

  @Test
  void inMessage_squashMergeNumberAfterCommitType_onlyReferences() {
    assertEquals(
        List.of(new Ref("#31", Kind.REFERENCES)),
        TaskReferences.inMessage("fix: retry the login on timeout (#31)"));
  }

  @Test
  void inMessage_pythonTaskIds_asTaskLinkerFindsThem() {
    assertEquals(
        List.of(
            new Ref("T-20251213-143052-a1b2-001", Kind.COMPLETES),
            new Ref("T-20251213-143052-a1b2-002", Kind.REFERENCES)),
        TaskReferences.inMessage(
            "feat: Add auth - completes t-20251213-143052-A1B2-001, refs"
                + " T-20251213-143052-a1b2-002"));
  }

  @Test
  void inMessage_standardsAndAnchors_notTasks() {
    assertEquals(
        List.of(),
        TaskReferences.inMessage(
            "Read UTF-8 and ISO-8601 (RFC-3339), hash with SHA-256 or SHAKE128-256; see"
                + " README#usage and &#123;"));
  }

  @Test
  void inBranch_issueNumberAndTrackerKey_references() {
    assertEquals(List.of(new Ref("#123", Kind.REFERENCES)), TaskReferences.inBranch("123-login"));
    assertEquals(
        List.of(new Ref("PROJ-9", Kind.REFERENCES)),
        TaskReferences.inBranch("feature/PROJ-9-fix-login"));
    assertEquals(List.of(), TaskReferences.inBranch("main"));
  }
}
