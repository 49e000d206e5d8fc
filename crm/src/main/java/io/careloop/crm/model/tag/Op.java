package io.careloop.crm.model.tag;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The comparisons of the rule language, each allowed on the fact types it makes sense for. */
public enum Op {
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  EQ("=="),
  NE("!="),
  IN("in"),
  CONTAINS("contains");

  private static final double TOLERANCE = 1e-9;
  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static Optional<Op> fromSymbol(String symbol) {
    return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst();
  }

  public static List<String> symbols() {
    return Arrays.stream(values()).map(Op::symbol).toList();
  }

  /** Whether a rule may compare a fact of this type with this operator. */
  public boolean appliesTo(FactType type) {
    return switch (type) {
      case NUMBER -> this != IN && this != CONTAINS;
      case TEXT -> this == EQ || this == NE || this == IN;
      case TEXT_SET -> this == CONTAINS;
    };
  }

  /** The comparison of two known values of the types the parser checked. */
  boolean apply(Object left, Object right) {
    return switch (this) {
      case LT -> num(left) < num(right) - TOLERANCE;
      case LE -> num(left) <= num(right) + TOLERANCE;
      case GT -> num(left) > num(right) + TOLERANCE;
      case GE -> num(left) >= num(right) - TOLERANCE;
      case EQ -> same(left, right);
      case NE -> !same(left, right);
      case IN -> ((List<?>) right).contains(left);
      case CONTAINS -> ((List<?>) left).contains(right);
    };
  }

  private static boolean same(Object left, Object right) {
    if (left instanceof Double l && right instanceof Double r) {
      return Math.abs(l - r) <= TOLERANCE;
    }
    return left.equals(right);
  }

  private static double num(Object value) {
    return (Double) value;
  }
}
