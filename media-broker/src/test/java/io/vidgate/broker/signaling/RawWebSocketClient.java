package io.vidgate.broker.signaling;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain TCP socket that reads only when told to: a client that stops reading (a frozen tab,
 * or a flooder that ignores its answers) fills its small TCP receive window, and the server's writes back up. The
 * JDK's and Reactor Netty's clients keep reading whatever the application does, so they cannot play this part.
 */
final class RawWebSocketClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();

    /** Opens {@code ws://127.0.0.1:port/path} with a receive window of about {@code receiveBuffer} bytes. */
    RawWebSocketClient(int port, String path, int receiveBuffer) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window offered in the handshake
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("No upgrade: " + status);
        }
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Closed during the handshake");
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame (clients must mask). */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next text frame (server frames are not masked); null on a close frame. */
    String readText() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = first & 0x0f;
            if (opcode == 0x8) {
                return null;
            }
            if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
