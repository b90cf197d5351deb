package com.example.todoapi.platform.config;

import java.util.List;

/**
 * Every invalid variable at once. The message fits on one line because it is what an operator
 * sees on stderr when the service refuses to start (exit code 2).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
