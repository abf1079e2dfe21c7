package dev.gitml.storage.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration did, per source (a file, or a folder of JSON files): records read, stored,
 * already present, and what was skipped and why.
 */
public final class MigrationReport {
  /** Counts for one source. */
  public static final class Source {
    private final String name;
    private long read;
    private long skipped;
    private final List<String> reasons = new ArrayList<>();

    Source(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public long read() {
      return read;
    }

    public long skipped() {
      return skipped;
    }

    /** The reasons for the first skips (at most 20). */
    public List<String> reasons() {
      return List.copyOf(reasons);
    }
  }

  private final Map<String, Source> sources = new LinkedHashMap<>();
  private final Map<String, long[]> byStream = new LinkedHashMap<>();

  Source source(String name) {
    return sources.computeIfAbsent(name, Source::new);
  }

  void read(String source) {
    source(source).read++;
  }

  void skip(String source, String reason) {
    Source s = source(source);
    s.skipped++;
    if (s.reasons.size() < 20) {
      s.reasons.add(reason);
    }
  }

  void stored(String stream, long added, long present) {
    long[] c = byStream.computeIfAbsent(stream, k -> new long[2]);
    c[0] += added;
    c[1] += present;
  }

  public List<Source> sources() {
    return List.copyOf(sources.values());
  }

  /** Per stream: {records added, records already stored}. */
  public Map<String, long[]> byStream() {
    Map<String, long[]> out = new LinkedHashMap<>();
    byStream.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  public long added() {
    return byStream.values().stream().mapToLong(c -> c[0]).sum();
  }

  public long alreadyStored() {
    return byStream.values().stream().mapToLong(c -> c[1]).sum();
  }

  public long skipped() {
    return sources.values().stream().mapToLong(Source::skipped).sum();
  }
}
