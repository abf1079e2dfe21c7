package dev.gitml.agent;

import dev.gitml.collector.redact.RecordScrubber;
import dev.gitml.collector.redact.Redactor;
import dev.gitml.collector.report.Ratings;
import dev.gitml.storage.Store;
import dev.gitml.storage.record.Chat;
import dev.gitml.storage.record.Feedback;
import dev.gitml.storage.record.RecordType;
import dev.gitml.storage.record.Stored;
import dev.gitml.storage.record.Timestamps;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitml feedback --list [--limit N]} and {@code gitml feedback --chat-id ID --rating
 * good|bad|neutral [--comment TEXT]}: ratings of chats, stored as feedback records (good 1, neutral
 * 0, bad -1; the newest rating of a chat counts).
 */
@Command(name = "feedback", description = "Rate chats, or list the recent ones with their ratings.")
final class FeedbackCommand extends GitmlSubcommand implements Callable<Integer> {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--list", description = "The most recent chats and their ratings.")
    boolean list;

    @Option(names = "--chat-id", paramLabel = "ID", description = "The chat to rate.")
    String chatId;
  }

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "How many chats --list shows (20).")
  int limit;

  @Option(
      names = "--rating",
      paramLabel = "good|bad|neutral",
      description = "How good the chat's answer was (with --chat-id).")
  String rating;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description = "A note kept with the rating (redacted like every text).")
  String comment;

  @Override
  public Integer call() throws Exception {
    try (Store store = gitml().openStore()) {
      if (mode.list) {
        list(store);
        return Cli.OK;
      }
      Integer value = Ratings.value(rating);
      if (value == null) {
        throw new Cli.UsageException("--rating: say good, bad or neutral");
      }
      if (!ID.matcher(mode.chatId).matches() || !store.containsKey(RecordType.CHAT, mode.chatId)) {
        throw new Cli.FailedException(
            "no chat with id " + mode.chatId + " (gitml feedback --list shows them)");
      }
      Feedback f =
          new Feedback(
              "chat", mode.chatId, value, comment, Timestamps.iso(gitml().clock().millis()), "cli");
      RecordScrubber scrubber = new RecordScrubber(Redactor.configured(store.config()));
      store.append(List.of(scrubber.record(f)));
      gitml().out().printf("rated chat %s %s%n", mode.chatId, Ratings.word(value));
    }
    return Cli.OK;
  }

  private void list(Store store) throws java.io.IOException {
    Map<String, Feedback> latest = Ratings.latest(store);
    List<Stored<Chat>> chats = store.newest(Chat.class, Math.max(1, limit));
    if (chats.isEmpty()) {
      gitml().out().println("no chats yet");
    }
    for (Stored<Chat> stored : chats) {
      Chat chat = stored.data();
      Feedback f = latest.get(chat.id());
      String rated = f == null ? "-" : Ratings.word(f.rating() == null ? 0 : f.rating());
      String query = text(chat.query()).strip().replaceAll("\\s+", " ");
      String time = text(chat.timestamp());
      gitml()
          .out()
          .printf(
              Locale.ROOT,
              "%-36s  %-19s  %-7s  %s%n",
              chat.id(),
              time.replace('T', ' ').substring(0, Math.min(19, time.length())),
              rated,
              query.length() > 70 ? query.substring(0, 69) + "…" : query);
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
