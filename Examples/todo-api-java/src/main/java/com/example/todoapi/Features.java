package com.example.todoapi;

import com.example.todoapi.platform.http.Router;
import com.example.todoapi.todos.TodoRoutes;

/** The routes of this tier's features, on top of the operational and auth routes of the base. */
final class Features {
  private Features() {}

  static void register(Router router, Deps deps) {
    new TodoRoutes(deps.db(), deps.cache(), deps.log()).register(router, deps.authenticated());
  }
}
