package com.example.todoapi.platform.http;

import com.example.todoapi.platform.json.Json;
import com.example.todoapi.platform.logging.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty serving one {@link Handler}. Jetty only parses HTTP here: routing, filters and
 * every response body are the service's own, and Jetty's own answers (malformed requests) are
 * rewritten into the error envelope too.
 */
public final class HttpServer {
  private final Server server;
  private final ServerConnector connector;
  private final Log log;

  private final StatisticsHandler inFlight = new StatisticsHandler();

  public HttpServer(String host, int port, Log log, Duration drainTimeout) {
    this.log = log;
    // Jetty's own default size: its acceptor and selector threads come out of this pool too, and
    // a smaller one refuses to start on machines with many cores.
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("http");
    server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    // No version banner: it only helps attackers pick exploits.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(Duration.ofMinutes(2).toMillis());
    server.addConnector(connector);

    // The statistics handler counts in-flight requests, which is what lets stop() wait for them.
    server.setHandler(inFlight);
    server.setErrorHandler(new EnvelopeErrorHandler());
    server.setStopTimeout(drainTimeout.toMillis());
    server.setStopAtShutdown(false);
  }

  /** Binds the port without serving yet, so the caller can log the address first. */
  public InetSocketAddress bind() throws IOException {
    connector.open();
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** Starts answering requests with root. */
  public void serve(Handler root) throws Exception {
    inFlight.setHandler(new Adapter(root, log));
    server.start();
  }

  /**
   * Stops accepting connections, lets in-flight requests finish for up to the drain timeout, then
   * closes everything.
   */
  public void stop() throws Exception {
    server.stop();
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Bridges Jetty's request objects to the service's handler chain. */
  private static final class Adapter extends AbstractHandler {
    private final Handler root;
    private final Log log;

    Adapter(Handler root, Log log) {
      this.root = root;
      this.log = log;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response) {
      base.setHandled(true);
      try {
        root.handle(new Exchange(request, response));
      } catch (Exception e) {
        // The recover filter answers every handler failure; this is a bug in the chain itself.
        log.error("unhandled error outside the filter chain", "error", e);
      }
    }
  }

  /**
   * Answers the requests Jetty refuses before any handler runs (a malformed request line, a header
   * too large, an ambiguous URI) with the error envelope instead of Jetty's HTML page.
   */
  private static final class EnvelopeErrorHandler extends ErrorHandler {
    EnvelopeErrorHandler() {
      setShowStacks(false);
      setShowServlet(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
      String id = Middlewares.newRequestId();
      fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Exchange.JSON_CONTENT_TYPE));
      fields.put("X-Request-ID", id);
      fields.put("X-Content-Type-Options", "nosniff");
      fields.put("Cache-Control", "no-store");
      return ByteBuffer.wrap(body(status, id));
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      base.setHandled(true);
      String id = response.getHeader("X-Request-ID");
      if (id == null) {
        id = Middlewares.newRequestId();
        response.setHeader("X-Request-ID", id);
      }
      byte[] bytes = body(response.getStatus(), id);
      response.setHeader("X-Content-Type-Options", "nosniff");
      Exchange.setContentType(response, Exchange.JSON_CONTENT_TYPE);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }

    private static byte[] body(int status, String id) {
      ApiException api;
      if (status == 404) {
        api = ApiException.notFound();
      } else if (status == 413) {
        api = ApiException.payloadTooLarge();
      } else if (status >= 500) {
        api = ApiException.internal();
      } else {
        api = ApiException.badRequest("Malformed HTTP request");
      }
      byte[] json = Json.encode(ErrorResponder.envelope(api, id));
      byte[] withNewline = new byte[json.length + 1];
      System.arraycopy(json, 0, withNewline, 0, json.length);
      withNewline[json.length] = '\n';
      return withNewline;
    }
  }
}
