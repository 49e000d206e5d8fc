package io.careloop.crm.http;

import io.careloop.crm.feedback.Feedbacks;
import io.careloop.crm.identity.Identities;
import io.careloop.crm.identity.Identity;
import io.careloop.crm.record.PatientRecords;
import io.careloop.crm.search.PatientSearch;
import io.careloop.crm.search.SearchRequest;
import io.careloop.crm.timeline.Timeline;
import io.careloop.crm.timeline.TimelineEntry;
import io.careloop.platform.auth.Principal;
import io.careloop.platform.http.HttpApi;
import io.careloop.platform.http.Operations;
import io.careloop.platform.http.Problem;
import io.careloop.platform.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The staff's side of the CRM (contracts/app-api.md, "Clinic CRM (staff)"): search, the patient
 * record and timeline, external identities, notes of contacts.
 */
public final class StaffPatientApi implements HttpApi {

  static final Duration LONGEST_TIMELINE = Duration.ofDays(366);

  private final PatientSearch search;
  private final PatientRecords records;
  private final Identities identities;
  private final Feedbacks feedbacks;
  private final Clock clock;

  public StaffPatientApi(
      PatientSearch search,
      PatientRecords records,
      Identities identities,
      Feedbacks feedbacks,
      Clock clock) {
    this.search = search;
    this.records = records;
    this.identities = identities;
    this.feedbacks = feedbacks;
    this.clock = clock;
  }

  @Override
  public void addTo(Operations operations) {
    operations
        .on("searchStaffPatients", this::search)
        .on("getStaffPatient", this::record)
        .on("getStaffPatientTimeline", this::timeline)
        .on("linkPatientIdentity", this::linkIdentity)
        .on("addPatientNote", this::addNote);
  }

  private void search(RoutingContext ctx) {
    SearchRequest request =
        new SearchRequest(
            Params.queryUuid(ctx, "clinicId"),
            Params.query(ctx, "q"),
            Params.query(ctx, "tag"),
            Params.query(ctx, "tier"),
            Params.query(ctx, "stage"),
            Params.query(ctx, "identity").map(Identity::parse),
            Params.limit(ctx, 50, 100),
            Params.query(ctx, "pageToken"));
    search
        .search(Principal.of(ctx), request)
        .onSuccess(page -> Replies.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void record(RoutingContext ctx) {
    records
        .record(Principal.of(ctx), Params.pathUuid(ctx, "patientId"))
        .onSuccess(json -> Replies.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void timeline(RoutingContext ctx) {
    Instant to = Params.time(ctx, "to", true).orElse(clock.instant().plus(Duration.ofDays(1)));
    Instant from = Params.time(ctx, "from", false).orElse(to.minus(Duration.ofDays(365)));
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(LONGEST_TIMELINE) > 0) {
      throw Problem.validation("from must be before to, at most 366 days apart");
    }
    records
        .timeline(
            Principal.of(ctx),
            Params.pathUuid(ctx, "patientId"),
            from,
            to,
            Params.query(ctx, "pageToken").map(Timeline.Cursor::of),
            Params.limit(ctx, 100, 500))
        .onSuccess(
            page -> {
              JsonObject json =
                  new JsonObject()
                      .put("from", from.toString())
                      .put("to", to.toString())
                      .put(
                          "entries",
                          new JsonArray(
                              page.entries().stream().map(TimelineEntry::toJson).toList()));
              page.next().ifPresent(next -> json.put("nextPageToken", next.token()));
              Replies.ok(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private void linkIdentity(RoutingContext ctx) {
    JsonObject body = Params.body(ctx);
    Identity identity = Identity.of(body.getString("system"), body.getString("value"));
    Principal staff = Principal.of(ctx);
    UUID requested = Params.pathUuid(ctx, "patientId");
    records
        .visible(staff, requested)
        .compose(patient -> identities.link(patient.id(), identity, staff.accountId()))
        .onSuccess(
            linked -> Replies.json(ctx, linked.created() ? 201 : 200, linked.link().toJson()))
        .onFailure(ctx::fail);
  }

  private void addNote(RoutingContext ctx) {
    JsonObject body = Params.body(ctx);
    String text = body.getString("text", "").strip();
    if (text.isEmpty()) {
      throw Problem.validation("text must say something");
    }
    Principal staff = Principal.of(ctx);
    records
        .visible(staff, Params.pathUuid(ctx, "patientId"))
        .compose(patient -> feedbacks.note(staff, patient.id(), body.getString("channel"), text))
        .onSuccess(note -> Replies.created(ctx, note.toJson()))
        .onFailure(ctx::fail);
  }
}
