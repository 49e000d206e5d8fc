package io.careloop.platform.bus;

/**
 * Event-bus addresses shared by modules. Payloads are records with a {@link RecordCodec}: those
 * several modules read are in this package ({@link SharedCodecs}), the others in the owning
 * module's {@code bus} package. The module named in each comment owns the address.
 */
public final class Addresses {

  private Addresses() {}

  /**
   * Published by device-ingest once brushing sessions are durably stored: a {@link SessionsStored}
   * record, those stored in one event-loop turn (one or many), each a {@link StoredSession} with
   * its owner when the brush had one. A copy of a session that arrived before (a redelivery, a
   * backlog re-upload) is not published again. The consumers of this process share the one record.
   */
  public static final String SESSION_STORED = "careloop.ingest.session-stored";

  /**
   * Answered by device-ingest: a {@link PatientSessions} question (the patient and [from, to), at
   * most 92 days) → the same record with the sessions placed then, newest first, duplicates
   * removed. A wider span is a 400.
   */
  public static final String PATIENT_SESSIONS = "careloop.ingest.patient-sessions";

  /**
   * Answered by device-ingest: a {@link PatientDevices} question (the patient) → the brushes paired
   * to them now (none after the last is unpaired).
   */
  public static final String PATIENT_DEVICES = "careloop.ingest.patient-devices";

  /**
   * Published by device-ingest after a pairing is stored: a {@link DevicePaired} record. Fire and
   * forget: who must know for sure asks {@link #PATIENT_DEVICES}.
   */
  public static final String DEVICE_PAIRED = "careloop.ingest.device-paired";

  /**
   * Published by device-ingest's registry after any change of a brush (registered, paired,
   * unpaired, revoked, credential rotated), for the registries of device-ingest's other instances
   * and processes: a {@code DeviceChanged} record (device-ingest's {@code registry} package, with a
   * {@link RecordCodec}). They drop the brush from their caches at once instead of attributing
   * sessions by a pairing that has changed.
   */
  public static final String DEVICE_CHANGED = "careloop.ingest.device-changed";

  /**
   * Answered by patient-api: a {@link PatientProfile} question (the patient) → the account as it is
   * now; no such account is a 404.
   */
  public static final String PATIENT_PROFILE = "careloop.patients.profile";

  /**
   * Published by patient-api to every process after a patient account is stored or its profile
   * changed: a {@code PatientChanged} record (patient-api's {@code bus} package, with a {@link
   * RecordCodec}). Fire and forget: who must not miss one also asks {@link #PATIENT_PROFILE}.
   */
  public static final String PATIENT_CHANGED = "careloop.patients.patient-changed";

  /**
   * Answered by patient-api: a {@code PatientAppointments} question (the patient, no changes) → a
   * {@code PatientAppointments} record (patient-api's {@code bus} package, with a {@link
   * RecordCodec}): every stored change of every appointment of the patient, each as the {@link
   * #APPOINTMENT_CHANGED} event announced it. What a consumer that must not miss an event reads
   * again.
   */
  public static final String PATIENT_APPOINTMENTS = "careloop.patients.patient-appointments";

  /**
   * Answered by patient-api: a {@code PatientAccessNeeds} question (the patient, no needs) → the
   * patient's access needs as they are now (patient-api's {@code bus} package, with a {@link
   * RecordCodec}). The CRM shows them on the patient record, so staff know before the visit.
   */
  public static final String PATIENT_ACCESS_NEEDS = "careloop.patients.access-needs";

  /**
   * Answered by patient-api: a {@code ClinicBookings} question (clinic and local days, at most 26
   * weeks) → the appointments there that were not cancelled, each with service, provider, start and
   * zone but no patient (patient-api's {@code bus} package, with a {@link RecordCodec}). The CRM's
   * demand forecast reads booking history through it.
   */
  public static final String CLINIC_BOOKINGS = "careloop.patients.clinic-bookings";

  /**
   * Answered by device-ingest: a {@link PatientDailyBrushing} question (the patient, a time zone
   * and days) → the same record with each day's figures: the daily view the patient app shows.
   */
  public static final String DAILY_BRUSHING = "careloop.ingest.daily-brushing";

  /**
   * Answered by patient-api: a {@link PatientClinics} question (the patient) → the clinics they are
   * a patient of (registered with, or have booked at). Alerts scope nurses with it.
   */
  public static final String PATIENT_CLINICS = "careloop.patients.clinics";

  /**
   * Published by patient-api to every instance when a sign-in (or all of an account's) is revoked:
   * a {@code Revocation} record. Each instance also polls the stored revocations, so a lost message
   * only delays a revocation by a poll.
   */
  public static final String SIGN_IN_REVOKED = "careloop.patients.sign-in-revoked";

  /**
   * Answered by patient-api: a {@link ClinicNurses} question (the clinic) → its nurses, for
   * escalation.
   */
  public static final String CLINIC_NURSES = "careloop.patients.clinic-nurses";

  /**
   * Published by patient-api to every process after an appointment changed and the change is
   * stored: an {@code AppointmentChanged} record (patient-api's {@code Appointments}, with a {@link
   * RecordCodec} registered by its {@code PatientCodecs}), as JSON between processes {@code
   * {change, appointment: {...}, previous?: {...}}}, where change is booked, rescheduled,
   * cancelled, checked_in, completed or no_show and appointment is the appointment as the app sees
   * it ({@code id, patientId, clinicId, providerId, serviceId, timeZone, start, end, bufferUntil,
   * status, version, bookedAt, updatedAt, room?}); previous is the appointment before a reschedule;
   * {@code patientErased: true} marks a coming visit cancelled because its patient erased their
   * account (patientId is then the erasure's pseudonym, and no record should follow it). Fire and
   * forget: a consumer that must not miss a change also sweeps the stored appointments
   * (patient-api's {@code Appointments} interface, or {@link #PATIENT_APPOINTMENTS} from another
   * process).
   */
  public static final String APPOINTMENT_CHANGED = "careloop.patients.appointment-changed";

  /**
   * Published by alerts to every process after an alert opened, was acknowledged or resolved, and
   * the step is stored: an {@code AlertChanged} record (alerts' {@code bus} package, with a {@link
   * RecordCodec}). Fire and forget: who must not miss one also asks {@link #PATIENT_CARE}.
   */
  public static final String ALERT_CHANGED = "careloop.alerts.alert-changed";

  /**
   * Answered by alerts: a {@code PatientCareQuestion} record {@code (patientId, alertIds)} → a
   * {@code PatientCare} record: the patient's care plan if any, their unresolved alerts and the
   * asked ones (alerts' {@code bus} package, a {@link RecordCodec} each).
   */
  public static final String PATIENT_CARE = "careloop.alerts.patient-care";

  /**
   * Published by crm to every process once a patient's move to a lifecycle stage is stored: a
   * {@code StageChanged} record (crm's {@code bus} package, with a {@link RecordCodec}): the
   * patient, their clinics, the stage left (none for a first judgement) and entered, the rule and
   * its evidence. Stored once whichever instance judged; fire and forget: who must not miss one
   * reads the patient's stage history.
   */
  public static final String STAGE_CHANGED = "careloop.crm.stage-changed";

  /**
   * Answered by crm: a {@link PatientStanding} request (the patient id, nothing judged) → the
   * patient's standing for priority booking, a {@link PatientStanding} with {@code fastTrack} and
   * the reasons. patient-api asks it to show held priority time; no answer counts as no fast track.
   */
  public static final String PATIENT_STANDING = "careloop.crm.patient-standing";

  /**
   * Answered by crm: a {@link ProviderRatings} question (the providers) → their patients' mean
   * rating and count, for doctor matching. No answer leaves ratings out of the ranking.
   */
  public static final String PROVIDER_RATINGS = "careloop.crm.provider-ratings";

  /**
   * Answered by notifications once a notification is durably in the recipient's inbox and (if they
   * have push tokens) in the push outbox: a {@code NotificationRequest} record → a {@code Sent}
   * record (notifications' {@code bus} package, with {@code NotifyClient}; a {@link RecordCodec}
   * each). Idempotent by its dedup key: a repeated request creates nothing and answers {@code
   * created = false}. A request that breaks a rule fails with 400 naming the field.
   */
  public static final String NOTIFY = "careloop.notifications.send";
}
