package dev.gitml.collector.predict;

/**
 * The blend model's weights and constants. A trained model's header stores them under these names
 * ({@code model.jsonl.zst}, {@code training_info.json}, the {@code runs} stream): renaming a
 * component or dropping one breaks the models already trained; a new one must have a default, as a
 * model from an older gitml lacks it ({@code Trainer.create}).
 *
 * <p>Where the defaults came from, in the commits that set them: the first model (be558f5) chose by
 * hand; a8b0382 added the work in progress and retuned the decays; 774306d ran a coordinate search
 * (one weight at a time, the others held) over the rolling evaluation of the three histories in
 * {@code ../shared/datasets/history} (commons-codec, jbang, yargs), text and seed1 queries; 62afce2
 * added the whole-history signals; 78adbcd searched again with them; b652743 added the hours since.
 * The README's "How files are predicted" and "Known limits" say what was tried without gain.
 *
 * @param bm25 BM25 of the task against each file's document (its commits' messages)
 * @param path the task's words in the file's path, idf-weighted
 * @param knn the files of the most similar past commits (and, with seeds, of their commits)
 * @param recency touches decayed over {@code decayCommits}
 * @param cochange co-change with the seeds, decayed over {@code decayCommits}
 * @param neighbours how many similar past commits give their files
 * @param decayCommits commits over which touches and co-change decay (e-fold); 20 times that for
 *     the age of a past commit
 * @param recentFiles how many of the last commits add their files to the candidates
 * @param stem the file's name is a word of the task
 * @param sibling files named like a seed (its test, its class), or beside it
 * @param burst touches decayed over {@code burstCommits}: the work in progress
 * @param burstCommits commits over which the work in progress decays (e-fold)
 * @param seeded the activity signals' factor (recency, burst, hours) when seeds are given
 * @param jaccard the Jaccard co-change with the seeds over the whole history (a share, unscaled)
 * @param namedAlike files whose names are mostly a seed's words (a share, unscaled)
 * @param hours touches decayed with the hours before the task (capped at 1, unscaled)
 * @param hoursTau hours over which those touches decay (e-fold)
 */
public record BlendWeights(
    double bm25,
    double path,
    double knn,
    double recency,
    double cochange,
    int neighbours,
    double decayCommits,
    int recentFiles,
    double stem,
    double sibling,
    double burst,
    double burstCommits,
    double seeded,
    double jaccard,
    double namedAlike,
    double hours,
    double hoursTau) {

  /** 1.0 in be558f5; 2.0 from 774306d's search. */
  static final double BM25 = 2.0;

  /** 0.5 since be558f5, unchanged by the searches of 774306d and 78adbcd. */
  static final double PATH = 0.5;

  /** 1.0 in be558f5; 1.25 from 78adbcd's search, with the whole-history signals in. */
  static final double KNN = 1.25;

  /** 0.6 in be558f5; 1.2 in a8b0382, which weighted activity down when seeds are given. */
  static final double RECENCY = 1.2;

  /** 2.0 in be558f5; 1.0 from 78adbcd's search. */
  static final double COCHANGE = 1.0;

  /** 30 in be558f5; 15 in a8b0382. */
  static final int NEIGHBOURS = 15;

  /** 60 in be558f5; 30 in a8b0382 (the README's "about 30 commits"). */
  static final double DECAY_COMMITS = 30;

  /** 60 since be558f5, unchanged since. */
  static final int RECENT_FILES = 60;

  /** 1.0 since be558f5, unchanged by the searches. */
  static final double STEM = 1.0;

  /** 1.0 since be558f5, unchanged by the searches. */
  static final double SIBLING = 1.0;

  /** 1.0 since a8b0382, unchanged by the searches. */
  static final double BURST = 1.0;

  /** 4 since a8b0382 ("the last few commits"). */
  static final double BURST_COMMITS = 4;

  /** 0.5 in a8b0382; 0.7 from 774306d's search. */
  static final double SEEDED = 0.7;

  /**
   * 3.0 since 62afce2, which added it with {@link #NAMED_ALIKE} (together: seed1 MRR commons-codec
   * 0.680 to 0.707, jbang 0.619 to 0.623); unchanged by 78adbcd's search.
   */
  static final double JACCARD = 3.0;

  /** 1.0 since 62afce2, with {@link #JACCARD}. */
  static final double NAMED_ALIKE = 1.0;

  /** 1.0 since b652743. */
  static final double HOURS = 1.0;

  /** 0.5 h since b652743 (the README's "about 30 minutes": work resumed after a break). */
  static final double HOURS_TAU = 0.5;

  /** What evaluation chose; the model trained unless told otherwise. */
  public static final BlendWeights DEFAULT =
      new BlendWeights(
          BM25,
          PATH,
          KNN,
          RECENCY,
          COCHANGE,
          NEIGHBOURS,
          DECAY_COMMITS,
          RECENT_FILES,
          STEM,
          SIBLING,
          BURST,
          BURST_COMMITS,
          SEEDED,
          JACCARD,
          NAMED_ALIKE,
          HOURS,
          HOURS_TAU);
}
