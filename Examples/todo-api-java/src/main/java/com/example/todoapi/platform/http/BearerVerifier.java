package com.example.todoapi.platform.http;

import java.util.OptionalLong;

/** Checks an access token; the HTTP layer needs no more of the auth feature than this. */
@FunctionalInterface
public interface BearerVerifier {
  /** The user id the token was issued to, or empty for any invalid token. */
  OptionalLong verify(String token);
}
