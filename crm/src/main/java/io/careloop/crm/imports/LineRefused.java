package io.careloop.crm.imports;

/** A line of an import that is not stored, and why (the report gives its number with it). */
public final class LineRefused extends RuntimeException {

  public LineRefused(String reason) {
    super(reason, null, false, false);
  }
}
