package com.example.todoapi.platform.db;

/**
 * No row matched. Stores throw it also when a row exists but belongs to another user, so callers
 * cannot leak it; the error responder answers 404.
 */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException() {
    super("not found", null, false, false);
  }
}
