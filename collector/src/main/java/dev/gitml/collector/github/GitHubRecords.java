package dev.gitml.collector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitml.storage.record.Comment;
import dev.gitml.storage.record.Issue;
import dev.gitml.storage.record.PullRequest;
import dev.gitml.storage.record.TextFields;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gh}'s JSON as records. The field names and shapes are those {@code gh pr view --json} and
 * {@code gh issue view --json} print (cli/cli {@code api/export_pr.go}): {@code author} and a
 * comment's {@code author} are {@code {"login", …}}, {@code labels} {@code [{"name", …}]}, a pull
 * request's {@code commits} {@code [{"oid", …}]} and {@code closingIssuesReferences} {@code
 * [{"number", …}]}, a review's time {@code submittedAt}, a comment's {@code createdAt}. Texts are
 * bounded; the redactor sees every one when the record is stored.
 */
final class GitHubRecords {
  /** The fields asked of {@code gh pr list/view --json}. */
  static final String PULL_FIELDS =
      "number,title,body,state,url,author,labels,createdAt,mergedAt,closedAt,headRefName,"
          + "baseRefName,commits,reviews,comments,closingIssuesReferences";

  /** The fields asked of {@code gh issue list/view --json}. */
  static final String ISSUE_FIELDS =
      "number,title,body,state,url,author,labels,createdAt,closedAt,comments";

  static final int MAX_BODY = 20_000;
  static final int MAX_COMMENT = 4_000;
  static final int MAX_COMMENTS = 100;

  private GitHubRecords() {}

  static PullRequest pull(JsonNode n) {
    List<String> commits = new ArrayList<>();
    for (JsonNode c : n.path("commits")) {
      String oid = text(c.get("oid"));
      if (oid != null) {
        commits.add(oid);
      }
    }
    List<Integer> closes = new ArrayList<>();
    for (JsonNode i : n.path("closingIssuesReferences")) {
      if (i.path("number").canConvertToInt() && i.path("number").asInt() > 0) {
        closes.add(i.path("number").asInt());
      }
    }
    return new PullRequest(
        number(n),
        text(n.get("title")),
        TextFields.cut(text(n.get("body")), MAX_BODY),
        text(n.get("state")),
        text(n.get("url")),
        author(n.get("author")),
        labels(n.get("labels")),
        text(n.get("createdAt")),
        text(n.get("mergedAt")),
        text(n.get("closedAt")),
        text(n.get("headRefName")),
        text(n.get("baseRefName")),
        commits,
        comments(n.path("reviews"), "submittedAt"),
        comments(n.path("comments"), "createdAt"),
        closes);
  }

  static Issue issue(JsonNode n) {
    return new Issue(
        number(n),
        text(n.get("title")),
        TextFields.cut(text(n.get("body")), MAX_BODY),
        text(n.get("state")),
        text(n.get("url")),
        author(n.get("author")),
        labels(n.get("labels")),
        text(n.get("createdAt")),
        text(n.get("closedAt")),
        comments(n.path("comments"), "createdAt"));
  }

  /** The commit hashes of a pull request as {@code gh} lists them, with their authored time. */
  static List<String[]> commitTimes(JsonNode pull) {
    List<String[]> out = new ArrayList<>();
    for (JsonNode c : pull.path("commits")) {
      String oid = text(c.get("oid"));
      if (oid != null) {
        out.add(new String[] {oid, text(c.get("authoredDate"))});
      }
    }
    return out;
  }

  private static int number(JsonNode n) {
    JsonNode num = n.get("number");
    if (num == null || !num.canConvertToInt() || num.asInt() < 1) {
      throw new IllegalArgumentException(
          "gh gave an item without a number: " + TextFields.cut(n.toString(), 200));
    }
    return num.asInt();
  }

  /**
   * The author as gitml keeps a commit's author: the name as given (here the GitHub login), only
   * redacted. {@code gh} writes a deleted account as {@code null} or an empty login ("ghost").
   */
  private static String author(JsonNode a) {
    String login = a == null ? null : text(a.get("login"));
    return login == null || login.isEmpty() ? "ghost" : login;
  }

  private static List<String> labels(JsonNode labels) {
    List<String> out = new ArrayList<>();
    if (labels != null) {
      for (JsonNode l : labels) {
        String name = text(l.get("name"));
        if (name != null) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static List<Comment> comments(JsonNode list, String timeField) {
    List<Comment> out = new ArrayList<>();
    for (JsonNode c : list) {
      if (out.size() == MAX_COMMENTS) {
        break;
      }
      String body = TextFields.cut(text(c.get("body")), MAX_COMMENT);
      String state = text(c.get("state"));
      if ((body == null || body.isBlank()) && state == null) {
        continue;
      }
      out.add(
          new Comment(
              author(c.get("author")),
              body == null || body.isEmpty() ? null : body,
              state,
              text(c.get(timeField))));
    }
    return out;
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.textValue();
  }
}
