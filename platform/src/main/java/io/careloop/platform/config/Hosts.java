package io.careloop.platform.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What a configured host name means for who can reach it. */
public final class Hosts {

  private Hosts() {}

  /**
   * Whether only this machine reaches the host (an unknown name counts as reachable from
   * elsewhere).
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
