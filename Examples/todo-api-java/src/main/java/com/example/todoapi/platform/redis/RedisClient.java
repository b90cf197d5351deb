package com.example.todoapi.platform.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small Redis client speaking RESP 2 over a pool of plain sockets: the commands the cache and the
 * rate limiter need, nothing more. Debian ships no Java Redis client; on an ordinary machine
 * Jedis or Lettuce would be the usual choice.
 */
public final class RedisClient implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 2000;

  private final String host;
  private final int port;
  private final String password;
  private final int database;
  private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(16);

  /** An error reply from the server. */
  public static final class RedisException extends IOException {
    private static final long serialVersionUID = 1L;

    RedisException(String message) {
      super(message);
    }
  }

  /** Connects to redis://[:password@]host:port/db and checks that the server answers. */
  public RedisClient(String url) throws IOException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IOException("malformed REDIS_URL", e);
    }
    if ("rediss".equals(uri.getScheme())) {
      throw new IOException("rediss:// (TLS) is not supported by this client; use redis://");
    }
    host = uri.getHost();
    port = uri.getPort() < 0 ? 6379 : uri.getPort();
    String userInfo = uri.getRawUserInfo();
    password = userInfo == null ? null
        : URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1), StandardCharsets.UTF_8);
    String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
    database = path.isEmpty() ? 0 : Integer.parseInt(path);
    command("PING");
  }

  /** Runs one command and returns its reply: String, Long, byte[] (bulk), List, or null. */
  public Object command(Object... args) throws IOException {
    Connection c = acquire();
    boolean healthy = false;
    try {
      c.write(args);
      Object reply = c.read();
      healthy = true;
      if (reply instanceof RedisException e) {
        throw e;
      }
      return reply;
    } finally {
      release(c, healthy);
    }
  }

  /** Runs commands inside MULTI/EXEC on one connection and returns EXEC's replies. */
  public List<Object> transaction(List<Object[]> commands) throws IOException {
    Connection c = acquire();
    boolean healthy = false;
    try {
      c.write("MULTI");
      for (Object[] command : commands) {
        c.write(command);
      }
      c.write("EXEC");
      List<Object> replies = new ArrayList<>();
      for (int i = 0; i < commands.size() + 2; i++) {
        replies.add(c.read());
      }
      healthy = true;
      Object exec = replies.get(replies.size() - 1);
      if (!(exec instanceof List<?> results)) {
        throw new RedisException("transaction failed: " + exec);
      }
      List<Object> out = new ArrayList<>(results);
      for (Object result : out) {
        if (result instanceof RedisException e) {
          throw e;
        }
      }
      return out;
    } finally {
      release(c, healthy);
    }
  }

  private Connection acquire() throws IOException {
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    c = new Connection(host, port);
    try {
      if (password != null && !password.isEmpty()) {
        c.expectOk("AUTH", password);
      }
      if (database != 0) {
        c.expectOk("SELECT", Integer.toString(database));
      }
    } catch (IOException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** A connection whose reply was not fully read cannot be reused: the stream is out of step. */
  private void release(Connection c, boolean healthy) {
    if (!healthy || !idle.offer(c)) {
      c.close();
    }
  }

  @Override
  public void close() {
    Connection c;
    while ((c = idle.poll()) != null) {
      c.close();
    }
  }

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(String host, int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void expectOk(Object... args) throws IOException {
      write(args);
      Object reply = read();
      if (reply instanceof RedisException e) {
        throw e;
      }
    }

    /** A command is an array of bulk strings. */
    void write(Object... args) throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      buffer.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Object arg : args) {
        byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
        buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buffer.write(bytes);
        buffer.write('\r');
        buffer.write('\n');
      }
      buffer.writeTo(out);
      out.flush();
    }

    /** One reply; an error reply is returned (not thrown) so callers can keep the stream in step. */
    Object read() throws IOException {
      int type = in.read();
      if (type < 0) {
        throw new IOException("redis closed the connection");
      }
      String line = readLine();
      switch (type) {
        case '+':
          return line;
        case '-':
          return new RedisException(line);
        case ':':
          return Long.parseLong(line);
        case '$': {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length);
          if (data.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new IOException("truncated bulk reply from redis");
          }
          return data;
        }
        case '*': {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(read());
          }
          return items;
        }
        default:
          throw new IOException("unexpected reply type from redis: " + (char) type);
      }
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != '\r') {
        if (c < 0) {
          throw new IOException("redis closed the connection");
        }
        line.append((char) c);
      }
      if (in.read() != '\n') {
        throw new IOException("malformed reply from redis");
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
  }
}
