/**
 * Cryptographic building blocks shared by the features: the server pepper, opaque tokens with a
 * recognisable prefix and checksum, keyed hashes of client secrets, and authenticated encryption of
 * data kept at rest. Nothing here knows about HTTP, tenants or OAuth grants.
 */
package dev.tokenkeeper.security;
