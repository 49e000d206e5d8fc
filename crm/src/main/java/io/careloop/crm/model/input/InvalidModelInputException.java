package io.careloop.crm.model.input;

/**
 * A rule set or configuration that does not parse, with the place (a JSON pointer, RFC 6901) of
 * what is wrong, so that the admin API can answer 400 with it and change nothing.
 */
public final class InvalidModelInputException extends IllegalArgumentException {

  private final String pointer;
  private final String reason;

  public InvalidModelInputException(String pointer, String reason) {
    super("at " + (pointer.isEmpty() ? "/" : pointer) + ": " + reason);
    this.pointer = pointer;
    this.reason = reason;
  }

  /** Where: a JSON pointer into the submitted document, {@code ""} for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong there, without the place. */
  public String reason() {
    return reason;
  }
}
