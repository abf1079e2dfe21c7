package dev.gitml.collector.assistant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One coding assistant as gitml registers itself with it: whether it is on this machine, where its
 * hooks and MCP servers are configured for a project and for the user, and how gitml's entries are
 * added and taken out again (only them: the user's stay). An assistant without a hook system has
 * none of these, and its sessions are found by the daemon's sweep alone.
 */
public abstract class Assistant {
  /** Where a setting goes: the repository's own files, or the user's for every project. */
  public enum Scope {
    PROJECT,
    USER
  }

  private final String name;
  private final String display;
  private final List<Path> homes;
  private final String binary;

  Assistant(String name, String display, List<Path> homes, String binary) {
    this.name = name;
    this.display = display;
    this.homes = List.copyOf(homes);
    this.binary = binary;
  }

  /** Its name in records ({@code gemini-cli}). */
  public final String name() {
    return name;
  }

  /** Its name for people ({@code Gemini CLI}). */
  public final String display() {
    return display;
  }

  /** The folders whose presence says it is installed. */
  public final List<Path> homes() {
    return homes;
  }

  /** Whether it is on this machine: one of its folders exists, or its program is on the path. */
  public final boolean found(List<Path> path) {
    if (homes.stream().anyMatch(Files::isDirectory)) {
      return true;
    }
    return binary != null && path.stream().anyMatch(d -> Files.isExecutable(d.resolve(binary)));
  }

  /** The file gitml's hooks go in; empty when it has no hooks there. */
  public Optional<Path> hooksFile(Scope scope) {
    return Optional.empty();
  }

  /** Registers gitml's hooks; returns the events newly registered. */
  public List<String> installHooks(Scope scope) throws IOException {
    return List.of();
  }

  /** The events gitml's hooks are registered for. */
  public List<String> hooksInstalled(Scope scope) throws IOException {
    return List.of();
  }

  /** Removes gitml's hooks; returns the events they were taken out of. */
  public List<String> uninstallHooks(Scope scope) throws IOException {
    return List.of();
  }

  /** The file gitml's MCP server goes in; empty when gitml cannot register one there. */
  public Optional<Path> mcpFile(Scope scope) {
    return Optional.empty();
  }

  /** Registers {@code gitml mcp}; whether it was added now (false: it was there). */
  public boolean installMcp(Scope scope) throws IOException {
    return false;
  }

  public boolean mcpInstalled(Scope scope) throws IOException {
    return false;
  }

  /** Removes gitml's MCP server; whether it was there. */
  public boolean uninstallMcp(Scope scope) throws IOException {
    return false;
  }
}
