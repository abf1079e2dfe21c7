package dev.gitml.collector.predict;

import java.util.List;
import java.util.Locale;

/** The file predictors by name. */
public final class Models {
  /** The model trained and used unless another is named. */
  public static final String DEFAULT = "blend";

  public static final List<String> NAMES = List.of("blend", "baseline");

  private Models() {}

  public static FilePredictor create(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "blend" -> new BlendModel();
      case "baseline" -> new BaselineModel();
      default ->
          throw new IllegalArgumentException(
              "no model named " + name + " (known: " + String.join(", ", NAMES) + ")");
    };
  }
}
