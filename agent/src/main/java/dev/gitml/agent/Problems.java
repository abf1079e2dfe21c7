package dev.gitml.agent;

import dev.gitml.storage.Store;
import java.io.PrintStream;

/** Reports what a store could not read, one {@code warning:} line each, on standard error. */
public final class Problems {
  private Problems() {}

  /** Prints the store's problems; returns how many there were. */
  public static int report(Store store, PrintStream err) throws java.io.IOException {
    int n = 0;
    for (String p : store.problems()) {
      err.println("warning: " + p);
      n++;
    }
    return n;
  }
}
