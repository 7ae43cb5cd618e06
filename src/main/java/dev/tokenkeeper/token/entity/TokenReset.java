package dev.tokenkeeper.token.entity;

/** GitHub's reset: the new tokens, and what a check of the new access token says. */
public record TokenReset(IssuedTokens issued, TokenInfo info) {
}
