package com.example.todoapi.platform.logging;

import org.eclipse.jetty.util.log.AbstractLogger;
import org.eclipse.jetty.util.log.Logger;

/**
 * Routes Jetty's own messages into the service's JSON log, so stdout holds one format only and
 * Jetty's start-up banner does not precede the "listening" line. Jetty's INFO chatter is debug
 * here: the service logs what an operator needs itself.
 */
public final class JettyLogBridge extends AbstractLogger {
  private static volatile Log target;
  private final String name;

  /** Jetty instantiates its logger by class name before anything else can be configured. */
  public JettyLogBridge() {
    this("org.eclipse.jetty");
  }

  private JettyLogBridge(String name) {
    this.name = name;
  }

  /** Installs the bridge; messages before this call are dropped. */
  public static void install(Log log) {
    target = log;
    org.eclipse.jetty.util.log.Log.setLog(new JettyLogBridge());
  }

  @Override
  protected Logger newLogger(String fullname) {
    return new JettyLogBridge(fullname);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public void warn(String msg, Object... args) {
    emit(Log.Level.WARN, format(msg, args), null);
  }

  @Override
  public void warn(Throwable thrown) {
    emit(Log.Level.WARN, "", thrown);
  }

  @Override
  public void warn(String msg, Throwable thrown) {
    emit(Log.Level.WARN, msg, thrown);
  }

  @Override
  public void info(String msg, Object... args) {
    emit(Log.Level.DEBUG, format(msg, args), null);
  }

  @Override
  public void info(Throwable thrown) {
    emit(Log.Level.DEBUG, "", thrown);
  }

  @Override
  public void info(String msg, Throwable thrown) {
    emit(Log.Level.DEBUG, msg, thrown);
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public void setDebugEnabled(boolean enabled) {
    // Jetty's debug output is for debugging Jetty, not the service.
  }

  @Override
  public void debug(String msg, Object... args) {}

  @Override
  public void debug(Throwable thrown) {}

  @Override
  public void debug(String msg, Throwable thrown) {}

  @Override
  public void ignore(Throwable ignored) {}

  private void emit(Log.Level level, String message, Throwable thrown) {
    Log log = target;
    if (log == null) {
      return;
    }
    if (thrown == null) {
      log.write(level, message, "logger", name);
    } else {
      log.write(level, message, "logger", name, "error", thrown);
    }
  }

  /** Jetty's messages use {} placeholders. */
  private static String format(String msg, Object... args) {
    if (msg == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    for (Object arg : args) {
      int at = msg.indexOf("{}", start);
      if (at < 0) {
        break;
      }
      out.append(msg, start, at).append(arg);
      start = at + 2;
    }
    return out.append(msg.substring(start)).toString();
  }
}
