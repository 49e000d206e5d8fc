package io.careloop.crm.model.sentiment;

import io.careloop.crm.model.facts.Sentiment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A text with its true sentiment: a line of the training and evaluation sets. */
public record LabelledText(Sentiment label, String text) {

  /** Reads {@code label TAB text} lines; blank lines and lines starting with # are skipped. */
  public static List<LabelledText> read(InputStream in) {
    List<LabelledText> out = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        out.add(parse(line, number));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The set shipped as a resource of this module (or of its tests). */
  public static List<LabelledText> resource(String path) {
    InputStream in = LabelledText.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalArgumentException("no resource " + path);
    }
    return read(in);
  }

  private static LabelledText parse(String line, int number) {
    int tab = line.indexOf('\t');
    if (tab < 0) {
      throw new IllegalArgumentException("line " + number + ": expected 'label<TAB>text'");
    }
    Sentiment label =
        Sentiment.fromJson(line.substring(0, tab).trim())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "line " + number + ": the label must be one of " + Sentiment.names()));
    return new LabelledText(label, line.substring(tab + 1).trim());
  }
}
