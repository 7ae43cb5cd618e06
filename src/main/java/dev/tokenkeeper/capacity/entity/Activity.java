package dev.tokenkeeper.capacity.entity;

/** What a viewer did that may keep a capacity awake (see {@code Capacities#activity}). */
public enum Activity {
    HELLO, INTERACTION, TIMED_REFRESH
}
