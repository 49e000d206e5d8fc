package io.careloop.platform.bus;

import io.vertx.core.eventbus.EventBus;

/**
 * The codecs of the bus records several modules exchange; senders and listeners register them, and
 * so does every clustered process (again is harmless).
 */
public final class SharedCodecs {

  private SharedCodecs() {}

  public static void register(EventBus bus) {
    RecordCodec.register(
        bus, SessionsStored.class, SessionsStored::toJson, SessionsStored::fromJson);
    RecordCodec.register(
        bus, PatientSessions.class, PatientSessions::toJson, PatientSessions::fromJson);
    RecordCodec.register(
        bus, PatientDevices.class, PatientDevices::toJson, PatientDevices::fromJson);
    RecordCodec.register(bus, DevicePaired.class, DevicePaired::toJson, DevicePaired::fromJson);
    RecordCodec.register(
        bus,
        PatientDailyBrushing.class,
        PatientDailyBrushing::toJson,
        PatientDailyBrushing::fromJson);
    RecordCodec.register(
        bus, PatientProfile.class, PatientProfile::toJson, PatientProfile::fromJson);
    RecordCodec.register(
        bus, PatientClinics.class, PatientClinics::toJson, PatientClinics::fromJson);
    RecordCodec.register(bus, ClinicNurses.class, ClinicNurses::toJson, ClinicNurses::fromJson);
    PatientStanding.register(bus);
    ProviderRatings.register(bus);
  }
}
