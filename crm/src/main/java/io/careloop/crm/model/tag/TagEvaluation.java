package io.careloop.crm.model.tag;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The tags that hold on one patient now: one hit per rule that holds (several rules may set one
 * tag).
 */
public record TagEvaluation(List<TagHit> hits) {

  public TagEvaluation {
    hits = List.copyOf(hits);
  }

  public Set<String> tags() {
    return hits.stream().map(TagHit::tag).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The hits that set {@code tag}. */
  public List<TagHit> hitsFor(String tag) {
    return hits.stream().filter(h -> h.tag().equals(tag)).toList();
  }

  /**
   * What changed since the tags the patient had: the gained ones to add, the lost ones to remove
   * (and show).
   */
  public TagChanges changesFrom(Set<String> previous) {
    Set<String> now = tags();
    Set<String> gained = new TreeSet<>(now);
    gained.removeAll(previous);
    Set<String> lost = new TreeSet<>(previous);
    lost.removeAll(now);
    return new TagChanges(gained, lost);
  }

  /** Tags gained and lost between two evaluations. */
  public record TagChanges(Set<String> gained, Set<String> lost) {
    public TagChanges {
      gained = Set.copyOf(gained);
      lost = Set.copyOf(lost);
    }

    public boolean isEmpty() {
      return gained.isEmpty() && lost.isEmpty();
    }
  }
}
