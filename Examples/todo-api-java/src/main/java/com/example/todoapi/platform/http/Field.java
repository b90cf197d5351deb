package com.example.todoapi.platform.http;

/**
 * One value read from a request object. Keeping presence and null apart lets PATCH tell a missing
 * field from an explicit null.
 *
 * @param present the key was in the object
 * @param isNull its value was null
 * @param invalid its value had the wrong type; already reported
 */
public record Field<T>(T value, boolean present, boolean isNull, boolean invalid) {
  static <T> Field<T> absent(T zero) {
    return new Field<>(zero, false, false, false);
  }

  /** Whether the field holds a usable value. */
  public boolean isSet() {
    return present && !isNull && !invalid;
  }
}
