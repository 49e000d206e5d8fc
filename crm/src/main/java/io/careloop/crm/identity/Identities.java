package io.careloop.crm.identity;

import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * External identities: an identity points to one patient for good. Linking is a lightweight
 * transaction, so that of two links of one identity to two patients at once exactly one wins and
 * the other changes nothing; linking it again to the same patient is harmless.
 */
public final class Identities {

  /** A link as it stands after a request, and whether this request made it. */
  public record Linked(LinkedIdentity link, boolean created) {}

  private final IdentityRepository repository;
  private final Timeline timeline;
  private final Clock clock;

  public Identities(IdentityRepository repository, Timeline timeline, Clock clock) {
    this.repository = repository;
    this.timeline = timeline;
    this.clock = clock;
  }

  /**
   * Links the identity to the patient; 409 {@code identity-linked-elsewhere} if it points to
   * another.
   */
  public Future<Linked> link(UUID patientId, Identity identity, UUID linkedBy) {
    return claim(patientId, identity, linkedBy)
        .compose(
            linked ->
                linked.link().patientId().equals(patientId)
                    ? Future.succeededFuture(linked)
                    : Future.failedFuture(linkedElsewhere(identity)));
  }

  /**
   * Points the identity at the patient unless it points somewhere already: the link that holds
   * after, whoever it points to (an import then stores on that patient).
   */
  public Future<Linked> claim(UUID patientId, Identity identity, UUID linkedBy) {
    LinkedIdentity wanted = new LinkedIdentity(identity, patientId, clock.instant(), linkedBy);
    return repository
        .claim(wanted)
        .compose(
            holder ->
                holder.patientId().equals(patientId)
                    // written again when already linked: heals a first request that died after its
                    // claim
                    ? repository
                        .listOnPatient(holder)
                        .compose(v -> timeline.record(entryOf(holder)))
                        .map(new Linked(holder, holder == wanted))
                    : Future.succeededFuture(new Linked(holder, false)));
  }

  public Future<Optional<LinkedIdentity>> find(Identity identity) {
    return repository.find(identity);
  }

  public Future<List<LinkedIdentity>> of(UUID patientId) {
    return repository.ofPatient(patientId);
  }

  static Problem linkedElsewhere(Identity identity) {
    return Problem.conflict(
        "identity-linked-elsewhere",
        "Identity linked to another patient",
        "The "
            + identity.system()
            + " record "
            + identity.value()
            + " already points to another patient;"
            + " nothing was changed");
  }

  private static TimelineEntry entryOf(LinkedIdentity link) {
    Identity id = link.identity();
    return new TimelineEntry(
        link.patientId(),
        link.linkedAt(),
        "identity:" + id.system() + ":" + id.value(),
        "identity_linked",
        false,
        "Linked " + id.system() + " record " + id.value(),
        link.toJson());
  }
}
