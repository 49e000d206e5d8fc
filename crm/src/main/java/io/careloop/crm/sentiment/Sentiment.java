package io.careloop.crm.sentiment;

import java.util.Locale;

/** How a patient's words about the clinic sound: the labels of feedback and staff notes. */
public enum Sentiment {
  SATISFIED, DOUBT, COMPLAINT;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
