package io.careloop.crm.model.tag;

import io.careloop.crm.model.facts.PatientFacts;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import java.util.Set;

/**
 * A fact rules may name: its family, type, the parameters it takes and how it is read from the
 * facts.
 */
public record FactDefinition(
    String name,
    Family family,
    FactType type,
    Set<Param> params,
    Optional<Period> defaultWindow,
    String description,
    Function function) {

  public FactDefinition {
    params = Set.copyOf(params);
    if (params.contains(Param.WINDOW) != defaultWindow.isPresent()) {
      throw new IllegalArgumentException(
          name + ": a windowed fact needs a default window, and only it");
    }
  }

  /**
   * Reads the fact's value: a Double, a String or a sorted List of Strings; empty when not known.
   */
  @FunctionalInterface
  public interface Function {
    Optional<Object> apply(PatientFacts facts, Instant now, FactQuery query);
  }
}
