package io.careloop.patient.bus;

import io.careloop.patient.booking.Appointments.AppointmentChanged;
import io.careloop.platform.bus.RecordCodec;
import io.vertx.core.eventbus.EventBus;

/**
 * The codecs of patient-api's bus records; senders and listeners register them (again is harmless).
 */
public final class PatientCodecs {

  private PatientCodecs() {}

  public static void register(EventBus bus) {
    RecordCodec.register(
        bus, AppointmentChanged.class, AppointmentChanged::toJson, AppointmentChanged::fromJson);
    RecordCodec.register(
        bus, PatientChanged.class, PatientChanged::toJson, PatientChanged::fromJson);
    RecordCodec.register(
        bus, PatientAppointments.class, PatientAppointments::toJson, PatientAppointments::fromJson);
    RecordCodec.register(
        bus, ClinicBookings.class, ClinicBookings::toJson, ClinicBookings::fromJson);
    RecordCodec.register(
        bus, PatientAccessNeeds.class, PatientAccessNeeds::toJson, PatientAccessNeeds::fromJson);
  }
}
