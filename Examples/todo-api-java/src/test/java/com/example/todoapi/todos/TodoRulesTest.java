package com.example.todoapi.todos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.todoapi.platform.http.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TodoRulesTest {
  /** The API's sort fields and the store's SQL mapping must agree, or a sort would silently fall back. */
  @Test
  void everySortFieldHasSql() {
    for (String field : TodoRoutes.LIST_SPEC.sortable()) {
      assertTrue(TodoStore.SORT_COLUMNS.containsKey(field), field);
    }
  }

  @Test
  void datesAreRealCalendarDates() {
    Map<String, Boolean> cases = Map.of("2030-01-31", true, "2028-02-29", true, "2030-02-29", false, "2030-1-31", false,
        "31-01-2030", false, "2030-01-31T00:00:00Z", false, "", false, "+2030-01-31", false);
    cases.forEach((s, valid) -> {
      Validator v = new Validator();
      if (valid) {
        assertNotNull(TodoRoutes.date(s, v, "d"), s);
      } else {
        assertNull(TodoRoutes.date(s, v, "d"), s);
      }
    });
  }

  @Test
  void likeWildcardsAreLiteral() {
    assertEquals("100\\% a\\_b \\\\", TodoStore.escapeLike("100% a_b \\"));
  }
}
