package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitml.collector.daemon.CommandRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServedCommandsTest {
  private static boolean serves(Map<String, String> env, String... args) {
    return new ServedCommands().serves(new CommandRequest(Path.of("/"), List.of(args), env));
  }

  /** A client's environment with another zone than the daemon's. */
  private static Map<String, String> otherZone() {
    Map<String, String> env = new HashMap<>();
    String mine = System.getenv("TZ");
    env.put("TZ", "Pacific/Chatham".equals(mine) ? "Asia/Kathmandu" : "Pacific/Chatham");
    return env;
  }

  @Test
  void serves_otherTimeZone_onlyWithoutADateToRead() {
    assertTrue(serves(otherZone(), "search", "timeout"));
    assertTrue(serves(otherZone(), "show", "abc1234"));
    assertFalse(serves(otherZone(), "search", "--since", "2026-01-02", "timeout"));
    assertFalse(serves(otherZone(), "search", "--since=2026-01-02", "timeout"));
  }

  @Test
  void serves_fileArgumentOrOtherCommand_notServed() {
    Map<String, String> env = new HashMap<>();
    assertFalse(serves(env, "search", "@args.txt"));
    assertFalse(serves(env, "stats"));
  }
}
