package dev.gitml.agent;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import dev.gitml.storage.Store;
import dev.gitml.storage.json.Mappers;
import dev.gitml.storage.sql.QueryDatabase;
import dev.gitml.storage.sql.SqlQueryException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitml sql "SELECT …" [--format table|csv|json]}: one read-only SQL query over the store's
 * records as tables (README, {@code gitml sql}).
 */
@Command(
    name = "sql",
    description =
        "Run one read-only SQL query (SQLite) over the collected data: commits, commit_files,"
            + " hunks, chats, steps, sessions, actions, links, feedback.")
final class SqlCommand extends GitmlSubcommand implements Callable<Integer> {
  /** Longest value a table cell shows; csv and json give every value whole. */
  static final int CELL = 60;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT …\".")
  String sql;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table (default), csv or json (an array of objects).")
  String format = "table";

  @Override
  public Integer call() throws Exception {
    String f = format.toLowerCase(Locale.ROOT);
    if (!List.of("table", "csv", "json").contains(f)) {
      throw new Cli.UsageException("--format " + format + ": table, csv or json");
    }
    Path db;
    try (Store store = gitml().openStore()) {
      db = QueryDatabase.refresh(store);
    }
    PrintStream out = gitml().out();
    try {
      switch (f) {
        case "csv" -> csv(db, out);
        case "json" -> json(db, out);
        default -> table(db, out);
      }
    } catch (SqlQueryException e) {
      throw new Cli.FailedException(e.getMessage());
    }
    out.flush();
    return Cli.OK;
  }

  /**
   * Rows a table's column widths are measured on; later rows are printed as they come, in those
   * widths (a longer value pushes its line out), so that a query of millions of rows streams.
   */
  static final int MEASURED_ROWS = 1000;

  private void table(Path db, PrintStream out) throws IOException, SqlQueryException {
    TableLines table = new TableLines(out);
    QueryDatabase.query(
        db,
        sql,
        new QueryDatabase.Rows() {
          @Override
          public void columns(List<String> n) {
            table.names.addAll(n);
          }

          @Override
          public void row(List<Object> values) {
            table.add(values.stream().map(SqlCommand::cell).toList());
          }
        });
    table.end();
  }

  /** A table printed as its rows come: the first {@link #MEASURED_ROWS} set the widths. */
  private static final class TableLines {
    final List<String> names = new ArrayList<>();
    private final PrintStream out;
    private final List<List<String>> waiting = new ArrayList<>();
    private int[] width;
    private long rows;

    TableLines(PrintStream out) {
      this.out = out;
    }

    void add(List<String> row) {
      rows++;
      if (width != null) {
        line(out, row, width);
        return;
      }
      waiting.add(row);
      if (waiting.size() == MEASURED_ROWS) {
        start();
      }
    }

    void end() {
      if (width == null) {
        start();
      }
      out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    private void start() {
      width = new int[names.size()];
      for (int i = 0; i < width.length; i++) {
        width[i] = names.get(i).length();
        for (List<String> r : waiting) {
          width[i] = Math.max(width[i], r.get(i).length());
        }
      }
      line(out, names, width);
      List<String> rule = new ArrayList<>();
      for (int w : width) {
        rule.add("-".repeat(w));
      }
      line(out, rule, width);
      waiting.forEach(r -> line(out, r, width));
      waiting.clear();
    }
  }

  private static void line(PrintStream out, List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(i == 0 ? "" : "  ").append(c);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(Math.max(0, width[i] - c.length())));
      }
    }
    out.println(sb.toString().stripTrailing());
  }

  /** A value as a table shows it: on one line, cut to {@link #CELL} characters. */
  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString().strip().replace("\r", "").replace("\n", "⏎").replace("\t", " ");
    return s.codePointCount(0, s.length()) <= CELL
        ? s
        : s.substring(0, s.offsetByCodePoints(0, CELL - 1)) + "…";
  }

  private void csv(Path db, PrintStream out) throws IOException, SqlQueryException {
    try (CsvGenerator g = new CsvMapper().getFactory().createGenerator(unclosed(out))) {
      QueryDatabase.query(
          db,
          sql,
          new QueryDatabase.Rows() {
            @Override
            public void columns(List<String> names) throws IOException {
              g.writeStartArray();
              for (String n : names) {
                g.writeString(n);
              }
              g.writeEndArray();
            }

            @Override
            public void row(List<Object> values) throws IOException {
              g.writeStartArray();
              for (Object v : values) {
                if (v == null) {
                  g.writeNull();
                } else {
                  g.writeString(v.toString());
                }
              }
              g.writeEndArray();
            }
          });
    }
  }

  private void json(Path db, PrintStream out) throws IOException, SqlQueryException {
    try (JsonGenerator g = Mappers.JSON.getFactory().createGenerator(unclosed(out))) {
      // a query refused or failing half way leaves no array that looks whole
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
      List<String> names = new ArrayList<>();
      QueryDatabase.query(
          db,
          sql,
          new QueryDatabase.Rows() {
            @Override
            public void columns(List<String> n) throws IOException {
              names.addAll(n);
              g.writeStartArray();
            }

            @Override
            public void row(List<Object> values) throws IOException {
              g.writeStartObject();
              for (int i = 0; i < values.size(); i++) {
                g.writeFieldName(names.get(i));
                g.writeObject(values.get(i));
              }
              g.writeEndObject();
            }
          });
      g.writeEndArray();
      g.writeRaw('\n');
    }
  }

  /** {@code out}, which a generator's close must not close. */
  private static OutputStream unclosed(PrintStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        out.flush(); // the command's stream stays open
      }
    };
  }
}
