package io.careloop.ingest.registry;

import java.util.regex.Pattern;

/** Brush ids as the firmware uses them: {@code TB-} and 8 upper-case hex digits. */
public final class DeviceIds {

  private static final Pattern ID = Pattern.compile("TB-[0-9A-F]{8}");

  private DeviceIds() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
