package io.careloop.ingest.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Random brush ids in the firmware's format, so that tests never share a brush. */
public final class TestBrushIds {

  private TestBrushIds() {}

  public static String random() {
    return String.format("TB-%08X", ThreadLocalRandom.current().nextInt() & 0xffffffffL);
  }
}
