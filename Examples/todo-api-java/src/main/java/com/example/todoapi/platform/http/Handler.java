package com.example.todoapi.platform.http;

/**
 * Serves one request. Handlers throw {@link ApiException} for answers the client should see and
 * anything else for failures; {@link ErrorResponder} turns both into the error envelope.
 */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
