package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitml assistants}: gitml's launcher in each installed assistant's hooks, merged with the
 * user's own entries, taken out again leaving theirs, and a file gitml cannot read left as it is.
 */
class AssistantsCommandTest {
  @TempDir Path tmp;
  GitRepoFixture fx;
  Path userHome;

  @BeforeEach
  void setUp() throws Exception {
    fx = new GitRepoFixture(tmp);
    userHome = tmp.resolve("user home");
    for (String d : new String[] {".claude", ".codex", ".gemini", ".cursor", ".copilot"}) {
      Files.createDirectories(userHome.resolve(d));
    }
    fx.env.put("HOME", userHome.toString());
    fx.env.put("PATH", "/usr/bin:/bin");
    fx.env.remove("CLAUDE_CONFIG_DIR");
    fx.env.remove("CODEX_HOME");
    fx.env.remove("GEMINI_CLI_HOME");
    fx.commit("a.txt", "a\n", "first");
    assertEquals(0, fx.gitml("init", "--no-backfill").exit());
  }

  private JsonNode json(Path f) throws Exception {
    return GitRepoFixture.JSON.readTree(f.toFile());
  }

  @Test
  void install_userEntriesThere_mergesKeepsThemAndIsIdempotent() throws Exception {
    Path gemini = fx.repo.resolve(".gemini/settings.json");
    Files.createDirectories(gemini.getParent());
    Files.writeString(
        gemini,
        "{\"theme\": \"dark\", \"hooks\": {\"AfterTool\": [{\"matcher\": \"write_file\","
            + " \"hooks\": [{\"type\": \"command\", \"command\": \"./lint.sh\"}]}]}}");
    Path cursor = fx.repo.resolve(".cursor/hooks.json");
    Files.createDirectories(cursor.getParent());
    Files.writeString(
        cursor, "{\"version\": 1, \"hooks\": {\"stop\": [{\"command\": \"./notify.sh\"}]}}");

    CliRun first = fx.gitml("assistants", "install");
    String gem1 = Files.readString(gemini);
    CliRun second = fx.gitml("assistants", "install");

    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("Gemini CLI"), first.out());
    assertTrue(second.out().contains("already there"), second.out());
    assertEquals(gem1, Files.readString(gemini), "a second install changes nothing");
    JsonNode g = json(gemini);
    assertEquals("dark", g.get("theme").asText());
    assertEquals(2, g.at("/hooks/AfterTool").size(), "the user's group and gitml's");
    assertTrue(g.at("/hooks/SessionEnd/0/hooks/0/command").asText().contains("gemini:SessionEnd"));
    JsonNode c = json(cursor);
    assertEquals(2, c.at("/hooks/stop").size());
    assertTrue(c.at("/hooks/afterFileEdit/0/command").asText().contains("cursor:afterFileEdit"));
    assertTrue(Files.exists(fx.repo.resolve(".codex/hooks.json")));
    assertTrue(
        Files.readString(fx.repo.resolve(".codex/config.toml")).contains("codex_hooks = true"));
    assertTrue(Files.exists(fx.repo.resolve(".github/hooks/gitml.json")));
    assertTrue(Files.exists(fx.repo.resolve(".claude/settings.json")));
  }

  @Test
  void uninstall_afterInstall_removesOnlyGitmlsEntriesAndTheFilesItCreated() throws Exception {
    Path cursor = fx.repo.resolve(".cursor/hooks.json");
    Files.createDirectories(cursor.getParent());
    String mine = "{\"version\": 1, \"hooks\": {\"stop\": [{\"command\": \"./notify.sh\"}]}}";
    Files.writeString(cursor, mine);
    Path toml = fx.repo.resolve(".codex/config.toml");
    Files.createDirectories(toml.getParent());
    Files.writeString(toml, "# my settings\nmodel = \"o3\"\n");
    assertEquals(0, fx.gitml("assistants", "install", "--mcp").exit());

    CliRun r = fx.gitml("assistants", "uninstall", "--mcp");

    assertEquals(0, r.exit(), r.err());
    assertEquals(GitRepoFixture.JSON.readTree(mine), json(cursor), "the user's hook alone is left");
    assertEquals("# my settings\nmodel = \"o3\"\n", Files.readString(toml));
    assertFalse(Files.exists(fx.repo.resolve(".github/hooks/gitml.json")));
    assertFalse(Files.exists(fx.repo.resolve(".gemini/settings.json")));
    assertFalse(Files.exists(fx.repo.resolve(".mcp.json")));
    assertFalse(Files.exists(fx.repo.resolve(".cursor/mcp.json")));
    assertFalse(Files.exists(fx.repo.resolve(".codex/hooks.json")));
  }

  @Test
  void install_settingsNotJson_oneLineErrorFileUntouchedOthersInstalled() throws Exception {
    Path gemini = fx.repo.resolve(".gemini/settings.json");
    Files.createDirectories(gemini.getParent());
    Files.writeString(gemini, "{\"theme\": ");

    CliRun r = fx.gitml("assistants", "install");

    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("not valid JSON"), r.err());
    assertEquals("{\"theme\": ", Files.readString(gemini));
    assertTrue(Files.exists(fx.repo.resolve(".cursor/hooks.json")), "the others go on");
  }

  @Test
  void install_codexConfigNotToml_leftAsItIs() throws Exception {
    Path toml = fx.repo.resolve(".codex/config.toml");
    Files.createDirectories(toml.getParent());
    Files.writeString(toml, "model = \n");

    CliRun r = fx.gitml("assistants", "install");

    assertEquals(1, r.exit());
    assertTrue(r.err().contains("not valid TOML"), r.err());
    assertEquals("model = \n", Files.readString(toml));
    assertFalse(Files.exists(fx.repo.resolve(".codex/hooks.json")));
  }

  @Test
  void installMcp_registersTheServerWithEachAssistant() throws Exception {
    CliRun r = fx.gitml("assistants", "install", "--mcp");

    assertEquals(0, r.exit(), r.err());
    assertEquals("mcp", json(fx.repo.resolve(".mcp.json")).at("/mcpServers/gitml/args/0").asText());
    assertEquals(
        "mcp", json(fx.repo.resolve(".cursor/mcp.json")).at("/mcpServers/gitml/args/0").asText());
    assertEquals(
        "mcp",
        json(fx.repo.resolve(".gemini/settings.json")).at("/mcpServers/gitml/args/0").asText());
    assertTrue(
        Files.readString(fx.repo.resolve(".codex/config.toml")).contains("[mcp_servers.gitml]"));
  }

  @Test
  void installUser_writesTheUsersFilesWithTheHomesLauncher() throws Exception {
    CliRun r = fx.gitml("assistants", "install", "--user");

    assertEquals(0, r.exit(), r.err());
    JsonNode claude = json(userHome.resolve(".claude/settings.json"));
    assertTrue(claude.at("/hooks/Stop/0/hooks/0/command").asText().contains("gitml home"));
    assertTrue(Files.exists(userHome.resolve(".codex/hooks.json")));
    assertTrue(Files.exists(userHome.resolve(".gemini/settings.json")));
    assertTrue(Files.exists(userHome.resolve(".cursor/hooks.json")));
    assertTrue(r.out().contains("GitHub Copilot CLI"), r.out());
  }

  @Test
  void status_afterInstall_listsEveryAssistantFoundAndItsHooks() throws Exception {
    fx.gitml("assistants", "install");

    CliRun r = fx.gitml("assistants", "status", "--json");
    CliRun text = fx.gitml("assistants", "status");

    assertEquals(0, r.exit(), r.err());
    JsonNode list = GitRepoFixture.JSON.readTree(r.out()).get("assistants");
    assertEquals(8, list.size());
    for (JsonNode a : list) {
      String name = a.get("assistant").asText();
      boolean hookable = a.get("hookable").asBoolean();
      if (hookable) {
        assertTrue(a.get("found").asBoolean(), name);
        assertFalse(a.get("hooks").isEmpty(), name);
      }
      assertEquals(0, a.get("sessions").asLong());
    }
    assertTrue(text.out().contains("none (daemon sweep)"), text.out());
  }

  @Test
  void initAssistants_registersTheHooksAsInstallDoes() throws Exception {
    CliRun r = fx.gitml("init", "--no-backfill", "--assistants");

    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(fx.repo.resolve(".cursor/hooks.json")));
    assertTrue(Files.exists(fx.repo.resolve(".claude/settings.json")));
  }
}
