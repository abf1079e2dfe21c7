package dev.gitml.storage;

import java.nio.file.Path;

/**
 * A separate process for the multi-process and kill -9 tests: appends commit records {@code [from,
 * to)} in batches, printing {@code ok N} once records below N are durable; with {@code compact},
 * seals and compacts between batches so that a kill lands in those too.
 */
public final class StoreStressMain {
  private StoreStressMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int from = Integer.parseInt(args[1]);
    int to = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    boolean compact = args.length > 4 && args[4].equals("compact");
    try (Store store = Store.open(new DataDir(root))) {
      int n = 0;
      for (int i = from; i < to; i += batch) {
        int end = Math.min(to, i + batch);
        store.append(TestStores.commits(i, end));
        System.out.println("ok " + end);
        System.out.flush();
        if (compact && ++n % 3 == 0) {
          store.sealAll();
          store.compact(null);
        }
      }
    }
  }
}
