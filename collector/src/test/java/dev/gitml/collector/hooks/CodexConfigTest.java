package dev.gitml.collector.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexConfigTest {
  @TempDir Path tmp;

  private CodexConfig config(String text) throws IOException {
    Path f = tmp.resolve("config.toml");
    if (text != null) {
      Files.writeString(f, text);
    }
    return new CodexConfig(f, tmp.resolve("home"));
  }

  @Test
  void enableHooks_featuresTableOfTheUser_flagAddedInItAndRemovedAlone() throws Exception {
    String mine = "model = \"o3\"\n\n[features]\nweb_search = true\n\n[tui]\nx = 1\n";
    CodexConfig c = config(mine);

    assertEquals(HookOutcome.CREATED, c.enableHooks());
    assertTrue(c.hooksEnabled());
    assertEquals(HookOutcome.INSTALLED, c.enableHooks());
    assertTrue(c.remove(true));

    assertEquals(mine, Files.readString(c.file()));
  }

  @Test
  void enableHooks_turnedOffByTheUser_leftOff() throws Exception {
    CodexConfig c = config("[features]\ncodex_hooks = false\n");

    assertEquals(HookOutcome.FOREIGN, c.enableHooks());
    assertFalse(c.hooksEnabled());
  }

  @Test
  void addMcpServer_thenRemoveHooksFlag_serverStays() throws Exception {
    CodexConfig c = config(null);
    c.enableHooks();
    c.addMcpServer("gitml");

    c.remove(true);

    assertTrue(c.mcpServer());
    assertFalse(Files.readString(c.file()).contains("codex_hooks"));
    assertTrue(c.remove(false));
    assertFalse(Files.exists(c.file()), "gitml made it; it held only gitml's lines");
  }

  @Test
  void addMcpServer_usersOwnGitmlServer_leftAsItIs() throws Exception {
    CodexConfig c = config("[mcp_servers.gitml]\ncommand = \"/opt/gitml\"\n");

    assertEquals(HookOutcome.FOREIGN, c.addMcpServer("gitml"));
    assertFalse(c.remove(false));
  }

  @Test
  void enableHooks_notToml_oneLineErrorFileUntouched() throws Exception {
    CodexConfig c = config("[features\n");

    IOException e = assertThrows(IOException.class, c::enableHooks);

    assertTrue(e.getMessage().contains("not valid TOML"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertEquals("[features\n", Files.readString(c.file()));
  }
}
