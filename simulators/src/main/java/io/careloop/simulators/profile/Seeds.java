package io.careloop.simulators.profile;

import java.util.SplittableRandom;

/**
 * Seeds for {@link java.util.Random} made from a few numbers. Random's first draws of neighbouring
 * seeds are nearly equal (seed 4 and seed 5 start alike), so brush 7 and brush 8 of a fleet would
 * brush alike: the parts are mixed first.
 */
public final class Seeds {

  private Seeds() {}

  public static long of(long... parts) {
    long seed = 0x9E3779B97F4A7C15L;
    for (long part : parts) {
      seed = new SplittableRandom(seed ^ part).nextLong();
    }
    return seed;
  }
}
