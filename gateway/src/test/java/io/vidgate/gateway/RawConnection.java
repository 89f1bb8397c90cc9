package io.vidgate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A client TCP connection driven byte by byte, for what a well-behaved HTTP client never does: stop half-way through
 * a request, hold a connection without using it, connect from a chosen loopback address (127.0.0.2 is another
 * client to the server).
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    public static RawConnection open(int port) throws IOException {
        return open("127.0.0.1", port);
    }

    /** Connects to 127.0.0.1:{@code port} from {@code localAddress}, e.g. 127.0.0.2. */
    public static RawConnection open(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawConnection(socket);
    }

    public RawConnection write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends a whole keep-alive GET and reads its whole response; returns the status line. */
    public String get(String path) throws IOException {
        write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        return readResponse();
    }

    /** Reads one response (headers, then a Content-Length body); returns its status line. */
    public String readResponse() throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("closed after " + head.size() + " bytes of response head");
            }
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return lines[0];
    }

    /**
     * Waits up to {@code within} for the server to close the connection, reading and returning whatever it sent
     * before; null if the connection was still open at the deadline.
     */
    public String awaitClosedByServer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            try {
                int c = in.read();
                if (c == -1) {
                    return received.toString(StandardCharsets.ISO_8859_1);
                }
                received.write(c);
            } catch (SocketTimeoutException stillOpen) {
                return null;
            } catch (IOException reset) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
