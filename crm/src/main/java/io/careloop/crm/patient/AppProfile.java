package io.careloop.crm.patient;

import java.time.Instant;
import java.util.UUID;

/** A patient account as patient-api tells it: from an event, or read again by the sweep. */
public record AppProfile(
    UUID accountId,
    String email,
    String name,
    String phone,
    String timeZone,
    Instant registeredAt) {}
