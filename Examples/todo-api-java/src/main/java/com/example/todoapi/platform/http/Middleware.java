package com.example.todoapi.platform.http;

/** Wraps a handler with behaviour that many routes share (a filter). */
@FunctionalInterface
public interface Middleware {
  Handler wrap(Handler next);

  /** This middleware around {@code inner}: {@code a.then(b)} runs a, then b, then the handler. */
  default Middleware then(Middleware inner) {
    return next -> wrap(inner.wrap(next));
  }
}
