package io.gratitude.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that a test can cut and restore, to take a database away from a
 * running node: {@link #cut()} closes every connection and stops listening (new ones are
 * refused, as from a stopped server); {@link #restore()} listens again on the same port.
 */
final class TcpProxy implements AutoCloseable {

	private final String upstreamHost;

	private final int upstreamPort;

	private final int port;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
		this.upstreamHost = upstreamHost;
		this.upstreamPort = upstreamPort;
		ServerSocket first = new ServerSocket();
		first.setReuseAddress(true);
		first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.port = first.getLocalPort();
		listen(first);
	}

	int port() {
		return this.port;
	}

	/** Closes every proxied connection and refuses new ones. */
	synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.open) {
			socket.close();
		}
		this.open.clear();
	}

	/** Accepts connections again. */
	synchronized void restore() throws IOException {
		ServerSocket again = new ServerSocket();
		again.setReuseAddress(true);
		again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		listen(again);
	}

	private void listen(ServerSocket socket) {
		this.listener = socket;
		Thread acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					Socket client = socket.accept();
					Socket server;
					try {
						server = new Socket(this.upstreamHost, this.upstreamPort);
					}
					catch (IOException ex) {
						closeQuietly(client);
						continue;
					}
					this.open.add(client);
					this.open.add(server);
					pipe(client, server);
					pipe(server, client);
				}
				catch (IOException ex) {
					// Closed by cut() or close(), or the upstream refused: the client
					// sees its connection end.
				}
			}
		}, "proxy-accept-" + this.port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// One side went away.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
