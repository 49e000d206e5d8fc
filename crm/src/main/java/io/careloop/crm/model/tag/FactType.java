package io.careloop.crm.model.tag;

/** What a fact's value is, which decides the comparisons a rule may make on it. */
public enum FactType {
  /**
   * A number: {@code < <= > >= == !=}, against a number or another number fact (times a factor).
   */
  NUMBER,
  /**
   * A word such as a region or a stage: {@code == !=} against a string, {@code in} a list of
   * strings.
   */
  TEXT,
  /** A set of words such as the services used: {@code contains} a string. */
  TEXT_SET
}
