package io.careloop.crm.campaign;

/**
 * A campaign that does not parse or targets nothing: where ({@code /audience/stages/0}) and why.
 */
public final class InvalidCampaignException extends RuntimeException {

  private final String pointer;
  private final String reason;

  public InvalidCampaignException(String pointer, String reason) {
    super(pointer + ": " + reason);
    this.pointer = pointer;
    this.reason = reason;
  }

  public String pointer() {
    return pointer;
  }

  public String reason() {
    return reason;
  }
}
