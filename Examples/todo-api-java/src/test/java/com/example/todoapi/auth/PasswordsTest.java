package com.example.todoapi.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void hashesAreSaltedAndVerify() {
    String a = Passwords.hash("correct horse");
    assertTrue(a.startsWith("pbkdf2_sha256$600000$"));
    assertNotEquals(a, Passwords.hash("correct horse"));
    assertTrue(Passwords.verify(a, "correct horse"));
    assertFalse(Passwords.verify(a, "correct horsE"));
  }

  @Test
  void nonAsciiPasswordsAreHashedAsUtf8() {
    // Derived with Python's hashlib.pbkdf2_hmac("sha256", "pässwörd".encode(), b"0123456789abcdef", 1000, 32).
    String known = "pbkdf2_sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$" + KNOWN_KEY;
    assertTrue(Passwords.verify(known, "pässwörd"));
  }

  @Test
  void theDummyHashIsWellFormed() {
    assertFalse(Passwords.verify(Passwords.DUMMY_HASH, "anything"));
  }

  @Test
  void malformedHashesAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> Passwords.verify("md5$abc", "x"));
  }

  private static final String KNOWN_KEY = "Kfxd4gVEVJAUWyEM9/KuB1B0aQFq+qVyrFi44QnyZ4k";
}
