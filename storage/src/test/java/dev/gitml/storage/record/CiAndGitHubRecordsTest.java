package dev.gitml.storage.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the CI, pull request, issue and task-link records: the canonical data and the id
 * are the wire format, cross-checked with Python's {@code sha256(json.dumps({"data": d, "type": t},
 * sort_keys=True, separators=(",", ":")))}.
 */
class CiAndGitHubRecordsTest {
  @Test
  void toLine_ciResult_goldenBytes() throws Exception {
    StoredRecord r =
        StoredRecord.of(
            new CiResult(
                "1c788250339298f7958708743c4aedd333d04fbc",
                "fail",
                41,
                1,
                2,
                87.5,
                12.25,
                null,
                "github-actions",
                "ci",
                "test",
                "7001",
                List.of(new CiResult.Failure("a.BTest.add", "expected 2 but was 3")),
                "2026-01-21T07:20:00Z",
                "capture"));

    assertEquals(
        "{\"commit\":\"1c788250339298f7958708743c4aedd333d04fbc\",\"coverage\":87.5,"
            + "\"duration_seconds\":12.25,\"failures\":[{\"message\":\"expected 2 but was 3\","
            + "\"name\":\"a.BTest.add\"}],\"job\":\"test\",\"provider\":\"github-actions\","
            + "\"result\":\"fail\",\"run_id\":\"7001\",\"source\":\"capture\",\"tests_failed\":1,"
            + "\"tests_passed\":41,\"tests_skipped\":2,\"timestamp\":\"2026-01-21T07:20:00Z\","
            + "\"workflow\":\"ci\"}",
        new String(r.canonicalData(), StandardCharsets.UTF_8));
    assertEquals("81f84f0cbbe7b56d780f377bb38d27556abf8eb124fb54a9c101dd510fbb6fa3", r.id());
    assertEquals(RecordType.CI, r.type());
    assertEquals(r.as(CiResult.class), RecordCodec.parse(RecordCodec.toLine(r)).as(CiResult.class));
  }

  @Test
  void toLine_pullRequest_goldenBytes() throws Exception {
    StoredRecord r =
        StoredRecord.of(
            new PullRequest(
                12,
                "Fix login",
                "Fixes #7",
                "MERGED",
                "https://github.com/o/r/pull/12",
                "octocat",
                List.of("bug"),
                "2026-01-20T10:00:00Z",
                "2026-01-21T10:00:00Z",
                "2026-01-21T10:00:00Z",
                "fix-login",
                "main",
                List.of("1c788250339298f7958708743c4aedd333d04fbc"),
                List.of(new Comment("hubot", "Looks good", "APPROVED", "2026-01-21T09:00:00Z")),
                List.of(),
                List.of(7)));

    assertEquals(
        "{\"author\":\"octocat\",\"base_ref\":\"main\",\"body\":\"Fixes #7\",\"closed_at\":"
            + "\"2026-01-21T10:00:00Z\",\"closes\":[7],\"comments\":[],\"commits\":"
            + "[\"1c788250339298f7958708743c4aedd333d04fbc\"],\"created_at\":"
            + "\"2026-01-20T10:00:00Z\",\"head_ref\":\"fix-login\",\"labels\":[\"bug\"],"
            + "\"merged_at\":\"2026-01-21T10:00:00Z\",\"number\":12,\"reviews\":[{\"author\":"
            + "\"hubot\",\"body\":\"Looks good\",\"state\":\"APPROVED\",\"timestamp\":"
            + "\"2026-01-21T09:00:00Z\"}],\"state\":\"MERGED\",\"title\":\"Fix login\",\"url\":"
            + "\"https://github.com/o/r/pull/12\"}",
        new String(r.canonicalData(), StandardCharsets.UTF_8));
    assertEquals("8c4737e70c83c03968c82d981e0cd90b6b39ef30df083cafea18bdfe08aedcc7", r.id());
    assertEquals(
        r.as(PullRequest.class), RecordCodec.parse(RecordCodec.toLine(r)).as(PullRequest.class));
  }

  @Test
  void toLine_issue_goldenBytes() {
    StoredRecord r =
        StoredRecord.of(
            new Issue(
                7,
                "Login times out",
                "After 30 s",
                "CLOSED",
                "https://github.com/o/r/issues/7",
                "octocat",
                List.of(),
                "2026-01-19T10:00:00Z",
                "2026-01-21T10:00:00Z",
                List.of(new Comment("hubot", "Seen it too", null, "2026-01-19T11:00:00Z"))));

    assertEquals(
        "{\"author\":\"octocat\",\"body\":\"After 30 s\",\"closed_at\":\"2026-01-21T10:00:00Z\","
            + "\"comments\":[{\"author\":\"hubot\",\"body\":\"Seen it too\",\"timestamp\":"
            + "\"2026-01-19T11:00:00Z\"}],\"created_at\":\"2026-01-19T10:00:00Z\",\"labels\":[],"
            + "\"number\":7,\"state\":\"CLOSED\",\"title\":\"Login times out\",\"url\":"
            + "\"https://github.com/o/r/issues/7\"}",
        new String(r.canonicalData(), StandardCharsets.UTF_8));
    assertEquals("04ddd608dd29ba3a4a3b05e9a15feaf07ab826e567e8ab7062ff1fd54a4fded5", r.id());
  }

  @Test
  void toLine_revertAndTaskLinks_goldenBytes() {
    StoredRecord revert =
        StoredRecord.of(
            new Link(Link.Kind.REVERTS, "c284e49f", "1c788250", "2026-01-21T08:00:00Z", "message"));
    StoredRecord task =
        StoredRecord.of(
            new Link(
                Link.Kind.COMPLETES, "c284e49f", "issue#7", "2026-01-21T08:00:00Z", "message"));

    assertEquals(
        "{\"from\":\"c284e49f\",\"kind\":\"reverts\",\"source\":\"message\",\"timestamp\":"
            + "\"2026-01-21T08:00:00Z\",\"to\":\"1c788250\"}",
        new String(revert.canonicalData(), StandardCharsets.UTF_8));
    assertEquals("265a0b9f1e67812d47f5039ca7896a699243b866cf2b7165b3424a1816c8ddcc", revert.id());
    assertEquals("a17e86c0619caa1606cb0e052f48a9b0fd977135e94081a431820e2e571e96b0", task.id());
  }

  @Test
  void ciResult_unknownResult_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CiResult(
                    "abc", "green", null, null, null, null, null, null, null, null, null, null,
                    null, null, null));
    assertEquals(true, e.getMessage().startsWith("CI result 'green'"), e.getMessage());
  }
}
