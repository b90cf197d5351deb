package com.example.todoapi.users;

import com.example.todoapi.platform.http.JsonBody;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The one form emails are stored and looked up in, and what counts as one. */
public final class Emails {
  /** RFC 5322 specials: everything else visible (and any non-ASCII character) is atext. */
  private static final String SPECIALS = "()<>[]:;@\\,\"";

  private Emails() {}

  public static String normalize(String email) {
    return JsonBody.trimText(email).toLowerCase(Locale.ROOT);
  }

  /** A bare addr-spec (local@domain, both dot-atoms), 3 to 254 bytes: no display name. */
  public static boolean valid(String email) {
    int bytes = email.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 3 || bytes > 254) {
      return false;
    }
    int at = email.indexOf('@');
    if (at < 0 || at != email.lastIndexOf('@')) {
      return false;
    }
    return dotAtom(email.substring(0, at)) && dotAtom(email.substring(at + 1));
  }

  private static boolean dotAtom(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    return s.codePoints().allMatch(c -> c == '.' || (c > 0x7f) || (c > ' ' && c < 0x7f && SPECIALS.indexOf(c) < 0));
  }
}
