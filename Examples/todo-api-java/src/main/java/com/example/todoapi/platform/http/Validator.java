package com.example.todoapi.platform.http;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request, so the client can fix them all from one 422. */
public final class Validator {
  private final List<FieldError> problems = new ArrayList<>();

  public void add(String field, String message) {
    problems.add(new FieldError(field, message));
  }

  /** Records message for field when ok is false. */
  public void check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
  }

  /** Throws the 422 when anything was reported. */
  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
  }
}
