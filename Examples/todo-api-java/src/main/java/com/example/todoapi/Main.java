package com.example.todoapi;

import com.example.todoapi.platform.config.Config;
import com.example.todoapi.platform.config.ConfigException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Todo API. Configuration comes from environment variables (see README.md); the
 * process stops gracefully on SIGINT or SIGTERM. main only wires: {@link App} is the service.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      boolean help = args[0].equals("-h") || args[0].equals("--help");
      (help ? System.out : System.err)
          .println("usage: java -jar todo-api.jar\n\nConfigured by environment variables; see README.md.");
      System.exit(help ? 0 : 2);
    }
    Config config;
    try {
      config = Config.load(System::getenv);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }

    App app;
    try {
      app = App.start(config, System.out);
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      int status = 0;
      try {
        app.close();
      } catch (Exception e) {
        System.err.println("error: " + e.getMessage());
        status = 1;
      }
      stopped.countDown();
      // A JVM stopped by a signal exits 143 even after a clean drain; the contract asks for 0, so
      // the hook ends the process itself once everything is closed.
      Runtime.getRuntime().halt(status);
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
