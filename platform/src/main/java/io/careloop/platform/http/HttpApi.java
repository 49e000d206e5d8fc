package io.careloop.platform.http;

/** A module's part of the public HTTP API: handlers for the operations it owns. */
public interface HttpApi {

  void addTo(Operations operations);
}
