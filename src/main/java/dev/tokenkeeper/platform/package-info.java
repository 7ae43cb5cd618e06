/**
 * What every feature stands on: the data source and schema migration, the clock, the JAX-RS
 * application, and the mappers that turn failures into clear JSON answers (never a stack trace).
 */
package dev.tokenkeeper.platform;
