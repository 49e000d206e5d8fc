package io.careloop.simulators.profile;

import java.time.Instant;

/** Who brushes with the brush from {@code from} until {@code until}, and how. */
public record Wearer(int index, Profile profile, Instant from, Instant until) {}
