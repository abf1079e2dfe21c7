package dev.gitml.agent;

import dev.gitml.collector.sync.DataSync;
import dev.gitml.collector.sync.Untrack;
import java.util.List;

/** What to tell a user whose branch still tracks gitml's data (an earlier gitml's sync). */
final class LegacyData {
  private LegacyData() {}

  /** The advice, a few lines, for the {@code .git-ml/} paths the branch tracks. */
  static String advice(List<String> tracked) {
    StringBuilder s = new StringBuilder();
    s.append("note: this branch tracks ")
        .append(tracked.size())
        .append(tracked.size() == 1 ? " file" : " files")
        .append(" under .git-ml/ (");
    if (Untrack.hasPythonCollectorData(tracked)) {
      s.append("the Python collector's data");
    } else {
      s.append("committed by an earlier gitml sync");
    }
    s.append("); gitml now keeps its data off your branches, on ")
        .append(DataSync.REF)
        .append(".\n");
    if (Untrack.hasPythonCollectorData(tracked)) {
      s.append("  gitml migrate --from .git-ml      imports the Python collector's records\n");
    }
    s.append("  gitml sync --untrack [--commit]   stops tracking them (the files stay)");
    return s.toString();
  }
}
