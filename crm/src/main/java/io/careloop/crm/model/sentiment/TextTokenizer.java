package io.careloop.crm.model.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns a text into the words the categorizer learns from, with Lucene's analyzers: English is
 * lower-cased and Porter-stemmed with no stop words (so "not" and "no" survive to make bigrams such
 * as "not happi"); Chinese is segmented into words by smartcn's dictionary model, punctuation
 * dropped. Lucene analyzers are thread-safe.
 */
public final class TextTokenizer {

  private final Analyzer english = new EnglishAnalyzer(CharArraySet.EMPTY_SET);
  private final Analyzer chinese = new SmartChineseAnalyzer();

  public String[] tokens(String text, Language language) {
    Analyzer analyzer = language == Language.CHINESE ? chinese : english;
    List<String> out = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analysing a String does no I/O
    }
    return out.toArray(String[]::new);
  }
}
