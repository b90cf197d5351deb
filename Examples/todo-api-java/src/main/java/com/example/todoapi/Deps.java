package com.example.todoapi;

import com.example.todoapi.auth.Tokens;
import com.example.todoapi.platform.cache.Cache;
import com.example.todoapi.platform.config.Config;
import com.example.todoapi.platform.db.Database;
import com.example.todoapi.platform.http.Middleware;
import com.example.todoapi.platform.logging.Log;

/**
 * What the feature routes need. Building it is {@link App}'s job, so tests and main wire the same
 * service without globals.
 *
 * @param authenticated lets only requests with a valid access token through
 */
public record Deps(Config config, Log log, Database db, Cache cache, Tokens tokens, Middleware authenticated) {}
