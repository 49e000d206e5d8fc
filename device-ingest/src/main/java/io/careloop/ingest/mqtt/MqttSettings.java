package io.careloop.ingest.mqtt;

import java.time.Duration;

/**
 * What an ingest connection to the broker needs of the configuration: where, as which backend user,
 * in which shared-subscription group, how long the broker keeps its session, and how many
 * unacknowledged messages it may send.
 */
public record MqttSettings(
    String mqttUri,
    String backendSecret,
    String sharedGroup,
    int receiveMaximum,
    Duration sessionExpiry) {}
