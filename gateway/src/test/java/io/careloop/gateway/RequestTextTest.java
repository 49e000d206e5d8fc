package io.careloop.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestTextTest {

  @Test
  @DisplayName("Text of any script, emoji (a surrogate pair) and joiners is fine on one line")
  void ordinaryText() {
    assertThat(RequestText.flaw("Zoë Ünal-O'Brien 李小龍 👩‍⚕️ مريم", false)).isNull();
    assertThat(RequestText.flaw("", false)).isNull();
  }

  @Test
  @DisplayName("A lone surrogate is never text, wherever it stands, also in a multi-line field")
  void loneSurrogates() {
    assertThat(RequestText.flaw("\ud800", false)).contains("lone UTF-16 surrogate (U+D800)");
    assertThat(RequestText.flaw("ab\udbff", true)).contains("U+DBFF");
    assertThat(RequestText.flaw("\udc00ab", false)).contains("U+DC00");
    assertThat(RequestText.flaw("\ud83d\ud83d\udc69", false))
        .as("a high surrogate before a pair")
        .contains("U+D83D");
  }

  @Test
  @DisplayName(
      "Control characters (C0, DEL, C1) and Unicode line separators are refused on one line")
  void controlCharacters() {
    for (String c :
        new String[] {
          "\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f", "\u2028",
          "\u2029"
        }) {
      assertThat(RequestText.flaw("a" + c + "b", false))
          .as("U+%04X", (int) c.charAt(0))
          .contains("control character");
    }
  }

  @Test
  @DisplayName(
      "A multi-line field takes line feed, carriage return and tab, and no other control character")
  void multiline() {
    assertThat(RequestText.flaw("Line one\r\nLine two\tend", true)).isNull();
    assertThat(RequestText.flaw("a\u0000b", true)).contains("U+0000");
    assertThat(RequestText.flaw("a\u2028b", true)).contains("U+2028");
  }

  @Test
  @DisplayName("Text quoted back in an answer has what was refused written as \\uXXXX")
  void printable() {
    assertThat(RequestText.printable("k\ud800\u0001é👩")).isEqualTo("k\\ud800\\u0001é👩");
  }

  @Test
  @DisplayName(
      "A path or query is taken when its percent-escapes make UTF-8, refused when they make a surrogate or a stray byte")
  void percentEscapes() {
    assertThat(
            RequestText.percentDecodesToUtf8("/api/v1/me/push-tokens/Zo%C3%AB%20%F0%9F%98%80-100%"))
        .isTrue();
    assertThat(RequestText.percentDecodesToUtf8("q=%zz&from=2031-01-01")).isTrue();
    assertThat(RequestText.percentDecodesToUtf8("/api/v1/me/push-tokens/a%ED%A0%80b")).isFalse();
    assertThat(RequestText.percentDecodesToUtf8("tag=a%FFb")).isFalse();
    assertThat(RequestText.percentDecodesToUtf8("tag=%C3")).isFalse();
  }
}
