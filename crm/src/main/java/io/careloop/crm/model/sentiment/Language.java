package io.careloop.crm.model.sentiment;

import java.util.Locale;

/** The languages the sentiment model reads; a text's language is told by its script. */
public enum Language {
  ENGLISH,
  CHINESE;

  public String code() {
    return this == ENGLISH ? "en" : "zh";
  }

  /**
   * Chinese when Han characters make up at least a third of the letters (so "App 很好用" is Chinese).
   */
  public static Language of(String text) {
    int han = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.isLetter(cp)) {
        letters++;
        han += Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN ? 1 : 0;
      }
      i += Character.charCount(cp);
    }
    return han > 0 && han * 3 >= letters ? CHINESE : ENGLISH;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
