/**
 * gitml's command line: picocli commands that parse options, call the collector and storage, and
 * render what they return (text, or one JSON object with {@code --json}).
 *
 * <p>The name is the project's layout, agent → collector → storage, kept from its start. Inside the
 * records, "agent" means something else: a coding assistant's subagent (a chat's {@code agent_id},
 * a session's {@code subagents}). Nothing in this package is one.
 */
package dev.gitml.agent;
