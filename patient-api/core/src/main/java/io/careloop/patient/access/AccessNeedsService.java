package io.careloop.patient.access;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.UUID;

/**
 * A patient's access needs, set by the patient (later also their carer, or staff): who set what is
 * kept.
 */
public final class AccessNeedsService {

  private final AccessNeedsRepository repository;
  private final Clock clock;

  public AccessNeedsService(AccessNeedsRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public Future<AccessNeedsRepository.Stored> of(UUID patientId) {
    return repository.of(patientId);
  }

  /**
   * Replaces the needs; the categories that change are recorded as set by {@code role} {@code
   * actor}.
   */
  public Future<AccessNeedsRepository.Stored> set(
      UUID patientId, AccessNeeds needs, String role, UUID actor) {
    return repository
        .of(patientId)
        .compose(
            before ->
                repository.save(
                    patientId,
                    needs,
                    needs.categoriesChangedFrom(before.needs()),
                    new SetBy(role, actor, clock.instant())))
        .compose(v -> repository.of(patientId));
  }
}
