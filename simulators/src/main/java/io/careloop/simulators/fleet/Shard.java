package io.careloop.simulators.fleet;

/**
 * This machine's part of a fleet split over {@code count} machines: the brushes whose index is
 * {@code index} mod count.
 */
public record Shard(int index, int count) {

  public static final Shard WHOLE = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "a shard is i/n with 0 <= i < n, got " + index + "/" + count);
    }
  }

  /** Reads {@code i/n}. */
  public static Shard parse(String text) {
    String[] parts = text.split("/");
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("a shard is i/n, e.g. 0/2, got '" + text + "'");
  }

  public boolean owns(int brushIndex) {
    return brushIndex % count == index;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
