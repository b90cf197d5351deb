package com.example.todoapi.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryAndListTest {
  private static final ListParams.Spec SPEC = new ListParams.Spec(List.of("created_at", "title"), "created_at",
      Map.of("created_at", "desc"), List.of("id", "title", "completed"));

  @Test
  void queryDecodingDropsMalformedPairs() {
    Query q = Query.parse("a=1&a=2&b=x+y%21&bad=%zz&semi;colon=1&&empty=");
    assertEquals("1", q.get("a"));
    assertEquals("x y!", q.get("b"));
    assertFalse(q.has("bad"));
    assertFalse(q.has("semi;colon"));
    assertTrue(q.has("empty"));
    assertEquals("", q.get("missing"));
    assertEquals("a=1&a=2&b=x+y%21&empty=", q.encodeWithout("page"));
    assertNull(Query.unescape("%4"));
  }

  @Test
  void defaultsAndClamping() {
    Validator v = new Validator();
    ListParams p = ListParams.parse(Query.parse("limit=1000"), SPEC, v);
    v.throwIfInvalid();
    assertEquals(new ListParams(1, 100, "created_at", true, null), p);
    assertEquals(0, p.offset());
    assertEquals(2147483646L * 100, ListParams.parse(Query.parse("page=2147483647&limit=100"), SPEC, v).offset());
  }

  @Test
  void everyBadParameterIsNamed() {
    Validator v = new Validator();
    ListParams.parse(Query.parse("page=0&limit=x&sort=owner&order=up&fields=title,secret"), SPEC, v);
    ApiException e = assertThrows(ApiException.class, v::throwIfInvalid);
    assertEquals(List.of("page", "limit", "sort", "order", "fields"), e.details().stream().map(FieldError::field).toList());
  }

  @Test
  void fieldsAlwaysIncludeId() {
    Validator v = new Validator();
    ListParams p = ListParams.parse(Query.parse("fields=title,title"), SPEC, v);
    assertEquals(List.of("id", "title"), p.fields());
  }

  @Test
  void linksKeepTheQueryAndStopAtTheEnds() {
    Query q = Query.parse("page=2&limit=2&sort=title&q=a%26b");
    ListParams p = ListParams.parse(q, SPEC, new Validator());
    @SuppressWarnings("unchecked")
    Map<String, Object> links = (Map<String, Object>) p.response("/x", q, List.of(), 5).get("links");
    assertEquals("/x?page=2&limit=2&q=a%26b&sort=title", links.get("self"));
    assertEquals("/x?page=1&limit=2&q=a%26b&sort=title", links.get("prev"));
    assertEquals("/x?page=3&limit=2&q=a%26b&sort=title", links.get("next"));
    assertEquals("/x?page=3&limit=2&q=a%26b&sort=title", links.get("last"));

    Query past = Query.parse("page=9&limit=2");
    @SuppressWarnings("unchecked")
    Map<String, Object> end = (Map<String, Object>) ListParams.parse(past, SPEC, new Validator())
        .response("/x", past, List.of(), 5).get("links");
    assertEquals("/x?page=3&limit=2", end.get("prev"));
    assertNull(end.get("next"));
  }

  @Test
  void etagComparison() {
    String tag = ETags.of("body");
    assertTrue(tag.matches("\"[0-9a-f]{32}\""));
    assertTrue(ETags.listMatches("\"a\", " + tag, tag, true));
    assertTrue(ETags.listMatches("W/" + tag, tag, false));
    assertFalse(ETags.listMatches("W/" + tag, tag, true));
    assertTrue(ETags.listMatches("*", tag, true));
    assertFalse(ETags.listMatches("", tag, false));
  }

  @Test
  void jsonBodies() {
    assertThrows(ApiException.class, () -> JsonBody.parse(new byte[0]));
    assertThrows(ApiException.class, () -> JsonBody.parse("[1]".getBytes()));
    assertThrows(ApiException.class, () -> JsonBody.parse("{}{}".getBytes()));
    Validator v = new Validator();
    JsonBody body = JsonBody.parse("{\"s\": 1, \"b\": \"yes\", \"n\": null, \"ok\": \"x\"}".getBytes());
    assertTrue(body.string(v, "s").invalid());
    assertTrue(body.bool(v, "b").invalid());
    assertTrue(body.string(v, "n").isNull());
    assertTrue(body.string(v, "ok").isSet());
    assertFalse(body.string(v, "absent").present());
    ApiException e = assertThrows(ApiException.class, v::throwIfInvalid);
    assertEquals(List.of(new FieldError("s", "must be a string"), new FieldError("b", "must be a boolean")), e.details());
  }

  @Test
  void mediaTypesAndTrimming() {
    assertTrue(JsonBody.isJsonMediaType("application/json"));
    assertTrue(JsonBody.isJsonMediaType("Application/JSON; charset=utf-8"));
    assertFalse(JsonBody.isJsonMediaType("application/json; charset"));
    assertFalse(JsonBody.isJsonMediaType("text/json"));
    assertFalse(JsonBody.isJsonMediaType(""));
    assertEquals("a\u000b", JsonBody.trimText(" \t\r\na\u000b\n"));
    assertEquals(1, JsonBody.length("\uD83D\uDE00"));
  }
}
