package dev.lantern.agent.trace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JDK's TLS sockets, with {@code SO_LINGER} set. Closing a TLS socket sends close_notify under
 * the lock a blocked writer holds; without a linger time the closing thread waits for that lock
 * for ever, so the exporter's write deadline ({@link WriteDeadline}) could not end a write to a
 * collector that stopped reading. With it, the close waits a second and then closes the
 * connection underneath, which ends the write.
 */
final class LingeringSocketFactory extends SSLSocketFactory {

  static final int LINGER_SECONDS = 1;

  private final SSLSocketFactory delegate;

  LingeringSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  private static Socket linger(Socket socket) throws IOException {
    socket.setSoLinger(true, LINGER_SECONDS);
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return linger(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    return linger(delegate.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return linger(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return linger(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return linger(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return linger(delegate.createSocket(address, port, localAddress, localPort));
  }
}
