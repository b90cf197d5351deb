package com.example.todoapi.support;

import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one instance for every test that needs no special configuration; tests isolate
 * themselves by registering their own users. Rate limits are off so tests do not throttle each
 * other. JUnit closes it once the whole run is over.
 */
public final class SharedServer implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServer.class);

  /** Stored in the root context, which JUnit closes after the last test. */
  private record Holder(TestServer server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Throwable {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> {
      try {
        return new Holder(TestServer.start(Map.of(
            "RATE_LIMIT_RPM", "0",
            "AUTH_RATE_LIMIT_RPM", "0",
            "ADMIN_EMAIL", TestServer.ADMIN_EMAIL,
            "ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD)));
      } catch (Exception e) {
        throw new IllegalStateException("start shared server", e);
      }
    }, Holder.class).server();
  }
}
