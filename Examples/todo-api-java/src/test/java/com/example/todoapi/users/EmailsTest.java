package com.example.todoapi.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmailsTest {
  @Test
  void bareAddressesOnly() {
    for (String ok : new String[] {"a@b", "first.last+tag@example.co.uk", "o'neil@example.com", "ü@example.com"}) {
      assertTrue(Emails.valid(ok), ok);
    }
    for (String bad : new String[] {"", "a@", "@b", "a@@b", "a b@c", "Ada <a@b.c>", ".a@b", "a..b@c", "a@b.", "\"q\"@b"}) {
      assertFalse(Emails.valid(bad), bad);
    }
    assertEquals("ada@example.com", Emails.normalize(" \tAda@Example.COM\n"));
  }
}
