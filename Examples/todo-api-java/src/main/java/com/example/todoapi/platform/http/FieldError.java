package com.example.todoapi.platform.http;

/** Names the JSON field or query parameter that failed validation. */
public record FieldError(String field, String message) {}
