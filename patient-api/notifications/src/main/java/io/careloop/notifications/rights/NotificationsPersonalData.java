package io.careloop.notifications.rights;

import io.careloop.notifications.inbox.InboxEntry;
import io.careloop.notifications.inbox.InboxRepository;
import io.careloop.notifications.push.PushOutboxRepository;
import io.careloop.notifications.push.PushTokenRepository;
import io.careloop.notifications.send.DedupKeyRepository;
import io.careloop.platform.privacy.DataSubject;
import io.careloop.platform.privacy.Erasure;
import io.careloop.platform.privacy.PersonalData;
import io.careloop.platform.push.PushTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * What the notifications module holds about a person: their inbox, their push tokens (exported as
 * fingerprints: a token is a secret), the pushes still to send them, and the dedup keys of what was
 * sent to them. All of it goes at an erasure.
 */
public final class NotificationsPersonalData implements PersonalData {

  private final String module;
  private final InboxRepository inbox;
  private final PushTokenRepository tokens;
  private final PushOutboxRepository outbox;
  private final DedupKeyRepository dedupKeys;

  public NotificationsPersonalData(
      String module,
      InboxRepository inbox,
      PushTokenRepository tokens,
      PushOutboxRepository outbox,
      DedupKeyRepository dedupKeys) {
    this.module = module;
    this.inbox = inbox;
    this.tokens = tokens;
    this.outbox = outbox;
    this.dedupKeys = dedupKeys;
  }

  @Override
  public String module() {
    return module;
  }

  @Override
  public Future<JsonObject> export(DataSubject subject) {
    return Future.all(inbox.all(subject.id()), tokens.tokensOf(subject.id()))
        .map(
            both ->
                new JsonObject()
                    .put(
                        "inbox",
                        new JsonArray(
                            both.<List<InboxEntry>>resultAt(0).stream()
                                .map(InboxEntry::toJson)
                                .toList()))
                    .put(
                        "pushTokens",
                        new JsonArray(
                            both.<List<PushTokenRepository.PushToken>>resultAt(1).stream()
                                .map(
                                    t ->
                                        new JsonObject()
                                            .put("fingerprint", PushTokens.fingerprint(t.token()))
                                            .put("platform", t.platform())
                                            .put("registeredAt", t.registeredAt().toString()))
                                .toList())));
  }

  @Override
  public Future<Erasure> erase(DataSubject subject, UUID pseudonym) {
    UUID id = subject.id();
    Erasure.Tally tally = Erasure.tally(module);
    return forgetInbox(id, tally)
        .compose(v -> tokens.tokensOf(id))
        .compose(
            held ->
                Future.all(held.stream().map(t -> tokens.delete(id, t.token())).toList())
                    .map(all -> tally.deleted("push_tokens_by_account", held.size())))
        .compose(v -> dedupKeys.forgetRecipient(id))
        .map(keys -> tally.deleted("notifications_by_dedup_key", keys).done());
  }

  /** The inbox goes, with what the dispatcher still had to push of it. */
  private Future<Void> forgetInbox(UUID id, Erasure.Tally tally) {
    return Future.all(inbox.months(id), inbox.all(id))
        .compose(
            found -> {
              List<InboxEntry> entries = found.resultAt(1);
              return Future.all(entries.stream().map(e -> outbox.forget(e.id())).toList())
                  .map(
                      all ->
                          tally.deleted(
                              "push_deliveries_by_notification",
                              all.<Integer>list().stream().mapToInt(Integer::intValue).sum()))
                  .compose(v -> inbox.forget(id, found.resultAt(0)))
                  .map(
                      v -> {
                        tally.deleted("inbox_by_recipient_month", entries.size());
                        return null;
                      });
            });
  }
}
