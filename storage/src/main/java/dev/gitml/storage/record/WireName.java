package dev.gitml.storage.record;

/** An enum whose constants are written on disk by a name of their own, their wire name. */
public interface WireName {
  /** The name written on disk. */
  String wireName();

  /**
   * The constant of {@code type} written as {@code name}; an unknown name is an error naming {@code
   * what} ({@code link kind}, …).
   */
  static <E extends Enum<E> & WireName> E parse(Class<E> type, String name, String what) {
    for (E e : type.getEnumConstants()) {
      if (e.wireName().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + name + "'");
  }
}
