package io.careloop.platform.privacy;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Asks every module that holds personal data ({@link DataRights#MODULES}) for its part of a
 * person's export or erasure. All or nothing to the caller: a module that does not answer makes the
 * whole request a 503, never a partial export shown as complete.
 */
public final class PersonalDataClient {

  private final EventBus bus;
  private final List<String> modules;

  public PersonalDataClient(EventBus bus, List<String> modules) {
    this.bus = bus;
    this.modules = List.copyOf(modules);
    DataRights.registerCodecs(bus);
  }

  /**
   * Every module's sections, merged into one document (a section name two modules use is a fault).
   */
  public Future<JsonObject> exportAll(DataSubject subject) {
    List<Future<JsonObject>> parts =
        modules.stream()
            .map(
                m ->
                    this.<JsonObject>ask(
                        m, DataRights.exportAddress(m), subject, DataRights.EXPORT_TIMEOUT))
            .toList();
    return Future.all(parts)
        .map(
            all -> {
              JsonObject document = new JsonObject();
              for (int i = 0; i < parts.size(); i++) {
                String module = modules.get(i);
                parts
                    .get(i)
                    .result()
                    .forEach(
                        section -> {
                          if (document.containsKey(section.getKey())) {
                            throw new IllegalStateException(
                                module
                                    + " exports a section another module has: "
                                    + section.getKey());
                          }
                          document.put(section.getKey(), section.getValue());
                        });
              }
              return document;
            });
  }

  /**
   * Erases the person in every module, one after the other in the list's order, once every module
   * has said it is there: a module known to be away stops the erasure before anything is erased.
   */
  public Future<List<Erasure>> eraseAll(DataSubject subject, UUID pseudonym) {
    List<Future<String>> ready =
        modules.stream()
            .map(
                m ->
                    this.<String>ask(
                        m, DataRights.readyAddress(m), subject, DataRights.READY_TIMEOUT))
            .toList();
    return Future.all(ready)
        .compose(all -> eraseFrom(0, new ErasureRequest(subject, pseudonym), new ArrayList<>()));
  }

  private Future<List<Erasure>> eraseFrom(int index, ErasureRequest request, List<Erasure> done) {
    if (index == modules.size()) {
      return Future.succeededFuture(done);
    }
    String module = modules.get(index);
    return this.<Erasure>ask(
            module, DataRights.eraseAddress(module), request, DataRights.ERASE_TIMEOUT)
        .compose(
            erasure -> {
              done.add(erasure);
              return eraseFrom(index + 1, request, done);
            });
  }

  private <T> Future<T> ask(String module, String address, Object question, Duration timeout) {
    return bus.<T>request(
            address, question, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(reply -> reply.body())
        .recover(err -> Future.failedFuture(unanswered(module, err)));
  }

  /** Away, too slow or without its storage: 503, ask again; anything else is a fault of ours. */
  static Throwable unanswered(String module, Throwable err) {
    if (err instanceof ReplyException reply
        && (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE || reply.failureCode() == 503)) {
      return new Problem(
          503,
          "data-rights-unavailable",
          "Not all of your data could be reached",
          "The part of your data kept by "
              + module
              + " could not be reached just now; ask again in a moment."
              + " Nothing was sent half, and an erasure already begun is finished by asking again");
    }
    return new IllegalStateException(module + " could not answer: " + err.getMessage(), err);
  }
}
