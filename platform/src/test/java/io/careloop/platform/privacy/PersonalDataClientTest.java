package io.careloop.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careloop.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The data-rights round trip over a real event bus, with modules that hold their data in memory.
 */
class PersonalDataClientTest {

  private final Vertx vertx = Vertx.vertx();
  private final DataSubject subject =
      new DataSubject(UUID.randomUUID(), Instant.parse("2025-11-20T10:00:00Z"), "Europe/Paris");

  /** What each module was asked to erase, in the order they were asked. */
  private final List<String> erased = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A module answering with {@code sections}, whose erasure ends as {@code erasure} says. */
  private PersonalDataResponder module(
      String name, JsonObject sections, Supplier<Future<Erasure>> erasure) {
    return PersonalDataResponder.answer(
        vertx.eventBus(),
        new PersonalData() {
          @Override
          public String module() {
            return name;
          }

          @Override
          public Future<JsonObject> export(DataSubject s) {
            return Future.succeededFuture(sections.copy().put(name + "-person", s.id().toString()));
          }

          @Override
          public Future<Erasure> erase(DataSubject s, UUID pseudonym) {
            erased.add(name);
            return erasure.get();
          }
        });
  }

  private PersonalDataResponder module(String name) {
    return module(
        name,
        new JsonObject(),
        () -> Future.succeededFuture(Erasure.tally(name).deleted("t", 1).done()));
  }

  private PersonalDataClient client(String... modules) {
    return new PersonalDataClient(vertx.eventBus(), List.of(modules));
  }

  @Test
  @DisplayName(
      "An export is every module's sections in one document, each about the person asked for")
  void exportMergesSections() {
    module("a", new JsonObject().put("profile", new JsonObject()), null);
    module("b", new JsonObject().put("sessions", List.of(1, 2)), null);

    JsonObject document = client("a", "b").exportAll(subject).await();

    assertThat(document.fieldNames())
        .containsExactlyInAnyOrder("profile", "sessions", "a-person", "b-person");
    assertThat(document.getString("b-person")).isEqualTo(subject.id().toString());
  }

  @Test
  @DisplayName(
      "Two modules exporting a section of the same name is a fault, not a document where one hides the other")
  void sectionCollision() {
    module("a", new JsonObject().put("inbox", 1), null);
    module("b", new JsonObject().put("inbox", 2), null);

    assertThatThrownBy(() -> client("a", "b").exportAll(subject).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inbox");
  }

  @Test
  @DisplayName(
      "A module that does not answer: the export is 503, and no module is asked to erase anything")
  void moduleAway() {
    module("a");
    module("b").stop().await();

    assertThatThrownBy(() -> client("a", "b").exportAll(subject).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(503));
    assertThatThrownBy(() -> client("a", "b").eraseAll(subject, UUID.randomUUID()).await())
        .isInstanceOfSatisfying(
            Problem.class,
            p -> {
              assertThat(p.status()).isEqualTo(503);
              assertThat(p.kind()).isEqualTo("data-rights-unavailable");
              assertThat(p.getMessage()).contains("b");
            });
    assertThat(erased).isEmpty();
  }

  @Test
  @DisplayName(
      "Erasure visits the modules in the list's order; one whose storage fails is a 503 and stops the rest")
  void erasureInOrder() {
    module("c");
    module("a");
    module("b", new JsonObject(), () -> Future.failedFuture(Problem.unavailable("storage away")));

    List<Erasure> done = client("c", "a").eraseAll(subject, UUID.randomUUID()).await();
    assertThatThrownBy(() -> client("a", "b", "c").eraseAll(subject, UUID.randomUUID()).await())
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(503));

    assertThat(done).extracting(Erasure::module).containsExactly("c", "a");
    assertThat(done.get(0).deleted()).containsEntry("t", 1);
    assertThat(erased).containsExactly("c", "a", "a", "b");
  }

  @Test
  @DisplayName(
      "A module's fault is no outage: not a 503 that would have the app ask again for ever")
  void faultIsNotAnOutage() {
    module(
        "a",
        new JsonObject(),
        () -> {
          throw new IllegalArgumentException("bug");
        });

    assertThatThrownBy(() -> client("a").eraseAll(subject, UUID.randomUUID()).await())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("A person's months run from the one their account was made in to the current one")
  void months() {
    assertThat(subject.monthsUntil(Instant.parse("2026-02-01T00:00:00Z")))
        .containsExactly(
            YearMonth.of(2025, 11),
            YearMonth.of(2025, 12),
            YearMonth.of(2026, 1),
            YearMonth.of(2026, 2));
  }
}
