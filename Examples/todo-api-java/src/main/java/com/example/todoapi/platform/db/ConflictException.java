package com.example.todoapi.platform.db;

/** A unique constraint refused the write. */
public final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(Throwable cause) {
    super("unique constraint violated", cause);
  }
}
