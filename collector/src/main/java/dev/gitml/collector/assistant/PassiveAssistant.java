package dev.gitml.collector.assistant;

import java.nio.file.Path;
import java.util.List;

/**
 * An assistant with no hook system gitml can register in (Aider, Cline, OpenCode): its sessions are
 * found where it keeps them by the daemon's sweep and by {@code gitml sessions import}.
 */
final class PassiveAssistant extends Assistant {
  PassiveAssistant(String name, String display, List<Path> homes, String binary) {
    super(name, display, homes, binary);
  }
}
