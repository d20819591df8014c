package io.sluice.config;

/** Where a forward target sends committed changes. */
public enum ForwardType { KAFKA, RABBITMQ, NATS, WEBHOOK }
