package io.careloop.crm.patient;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a patient is found by, and how a query is read: names, e-mail addresses and phone numbers
 * normalized (lower case, accents dropped), so that "José" is found by "jose". A name is found by
 * the start of any of its words, a Chinese name also by its given name (the characters after the
 * family name); an e-mail address by its start or a word before the @ (not by its domain, which
 * thousands share); a phone number by any run of its last digits of four or more (the front desk
 * types what the patient reads out, with or without country code).
 */
public final class SearchTerms {

  /** Sorts after every name: patients whose name is not known yet come last. */
  public static final String UNNAMED = "\uffff";

  static final String LIST = "list";
  static final String TERM = "term";

  /** The kind of a label row is {@code label:<label>}, its term the patient's sort name. */
  static final String LABEL = "label:";

  private static final int MIN_PHONE_SUFFIX = 4;
  private static final int MAX_TERM = 100;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern PHONE = Pattern.compile("[+\\d\\s().-]+");

  /**
   * A row a patient has in a clinic's list (kind list, the sort name) or search terms (kind term).
   */
  public record Entry(UUID clinicId, String kind, String term) {}

  /** A query: the term looked up in the index, and what every hit must also match. */
  public record Query(Kind kind, String lookup, List<String> words) {

    public enum Kind {
      NAME,
      EMAIL,
      PHONE
    }

    /** Whether the patient matches it (index rows may be older than the patient's profile). */
    public boolean matches(CrmPatient p) {
      return switch (kind) {
        case PHONE -> p.phone() != null && digits(p.phone()).contains(lookup);
        case EMAIL -> p.email() != null && normalize(p.email()).startsWith(lookup);
        case NAME ->
            words.stream().allMatch(w -> wordsOf(p).stream().anyMatch(n -> n.startsWith(w)));
      };
    }
  }

  private SearchTerms() {}

  /** The rows the patient should have: in each of their clinics, a list row and one per term. */
  public static Set<Entry> entriesOf(CrmPatient p) {
    Set<Entry> entries = new HashSet<>();
    Set<String> terms = termsOf(p);
    for (UUID clinic : p.clinicIds()) {
      entries.add(new Entry(clinic, LIST, sortName(p.name())));
      terms.forEach(term -> entries.add(new Entry(clinic, TERM, term)));
      p.labels()
          .forEach(label -> entries.add(new Entry(clinic, LABEL + label, sortName(p.name()))));
    }
    return entries;
  }

  public static Set<String> termsOf(CrmPatient p) {
    Set<String> terms = new LinkedHashSet<>(wordsOf(p));
    if (p.email() != null && !p.email().isBlank()) {
      terms.add(normalize(p.email()));
    }
    terms.addAll(phoneSuffixes(p.phone()));
    terms.removeIf(String::isEmpty);
    return terms.stream()
        .map(t -> t.length() > MAX_TERM ? t.substring(0, MAX_TERM) : t)
        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
  }

  public static String sortName(String name) {
    return name == null || name.isBlank() ? UNNAMED : normalize(name);
  }

  /** The partition of a term: its first character. */
  public static String head(String term) {
    return term.substring(0, Character.charCount(term.codePointAt(0)));
  }

  /** Reads what staff typed; blank is no query. */
  public static Query query(String q) {
    String text = q.strip();
    String digits = digits(text);
    if (PHONE.matcher(text).matches() && digits.length() >= 3) {
      return new Query(Query.Kind.PHONE, digits, List.of(digits));
    }
    if (text.contains("@")) {
      String email = normalize(text);
      return new Query(Query.Kind.EMAIL, email, List.of(email));
    }
    List<String> words = words(normalize(text));
    String longest = words.stream().max(Comparator.comparingInt(String::length)).orElse("");
    return new Query(Query.Kind.NAME, longest, words);
  }

  static String normalize(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    return MARKS
        .matcher(decomposed)
        .replaceAll("")
        .toLowerCase(Locale.ROOT)
        .strip()
        .replaceAll("\\s+", " ");
  }

  /** The words of the patient's name and of their e-mail address before the @. */
  static Set<String> wordsOf(CrmPatient p) {
    Set<String> words = nameWords(p.name());
    if (p.email() != null && p.email().contains("@")) {
      words.addAll(words(normalize(p.email().substring(0, p.email().indexOf('@')))));
    }
    return words;
  }

  static Set<String> nameWords(String name) {
    Set<String> words = new LinkedHashSet<>();
    if (name == null) {
      return words;
    }
    for (String word : words(normalize(name))) {
      words.add(word);
      if (word.codePoints()
          .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
        words.addAll(suffixes(word, 1));
      }
    }
    return words;
  }

  private static List<String> words(String normalized) {
    return Arrays.stream(WORD_BREAK.split(normalized)).filter(w -> !w.isEmpty()).toList();
  }

  static Set<String> phoneSuffixes(String phone) {
    String digits = phone == null ? "" : digits(phone);
    Set<String> suffixes = new LinkedHashSet<>();
    if (!digits.isEmpty()) {
      suffixes.add(digits);
      suffixes.addAll(suffixes(digits, MIN_PHONE_SUFFIX));
    }
    return suffixes;
  }

  /** Every proper suffix of at least {@code min} code points. */
  private static List<String> suffixes(String word, int min) {
    int[] points = word.codePoints().toArray();
    List<String> suffixes = new java.util.ArrayList<>();
    for (int start = 1; points.length - start >= min; start++) {
      suffixes.add(new String(points, start, points.length - start));
    }
    return suffixes;
  }

  static String digits(String text) {
    return text.replaceAll("\\D", "");
  }
}
