package dev.gitml.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every option and positional of every command says what it is for in --help. */
class HelpTextTest {
  @Test
  void commandModel_everyOptionAndPositional_hasADescription() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    GitmlCommand root =
        new GitmlCommand(
            new ByteArrayInputStream(new byte[0]),
            sink,
            sink,
            Map.of(),
            Clock.systemUTC(),
            java.nio.file.Path.of("."));
    CommandLine cl = new CommandLine(root.spec());
    GitmlCommand.COMMANDS.forEach(cl::addSubcommand);
    List<String> undescribed = new ArrayList<>();

    walk(cl.getCommandSpec(), undescribed);

    assertEquals(List.of(), undescribed);
  }

  private static void walk(CommandSpec spec, List<String> undescribed) {
    for (ArgSpec arg : spec.args()) {
      if (arg.hidden() || !String.join("", arg.description()).isBlank()) {
        continue;
      }
      String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
      undescribed.add(spec.qualifiedName() + " " + name);
    }
    spec.subcommands().values().stream()
        .map(CommandLine::getCommandSpec)
        .distinct()
        .forEach(sub -> walk(sub, undescribed));
  }
}
