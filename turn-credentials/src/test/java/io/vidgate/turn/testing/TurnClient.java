package io.vidgate.turn.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal TURN client (RFC 5389 STUN, RFC 5766 TURN) in plain Java, to check what a TURN server accepts without
 * installing coturn's own client: {@code Allocate} with long-term credentials (the 401 challenge, then the request
 * with {@code USERNAME}, {@code REALM}, {@code NONCE} and {@code MESSAGE-INTEGRITY}), then {@code CreatePermission}
 * for a peer, which a server refuses with 403 when its policy forbids relaying there. Over UDP or TCP. Not for
 * media: no data is relayed.
 *
 * <pre>{@code
 * try (TurnClient client = TurnClient.udp(new InetSocketAddress("127.0.0.1", 3478))) {
 *     TurnClient.Outcome allocated = client.allocate(credential.username(), credential.password());
 *     TurnClient.Outcome permitted = client.createPermission(InetAddress.getByName("172.30.0.10"));
 * }
 * }</pre>
 */
public final class TurnClient implements AutoCloseable {

    /**
     * What the server answered.
     *
     * @param success   a success response
     * @param errorCode the ERROR-CODE of an error response (401 unauthenticated, 403 forbidden, …), else 0
     * @param reason    its reason phrase, or empty
     * @param relayed   XOR-RELAYED-ADDRESS of a successful Allocate, else null
     */
    public record Outcome(boolean success, int errorCode, String reason, InetSocketAddress relayed) {

        @Override
        public String toString() {
            return success ? "success" + (relayed != null ? " (relayed " + relayed + ")" : "")
                    : "error " + errorCode + " " + reason;
        }
    }

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int ALLOCATE = 0x0003;
    private static final int CREATE_PERMISSION = 0x0008;
    private static final int REFRESH = 0x0004;
    private static final int SUCCESS = 0x0100;
    private static final int ERROR = 0x0110;

    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int LIFETIME = 0x000D;
    private static final int XOR_PEER_ADDRESS = 0x0012;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;

    private static final int UDP_PROTOCOL = 17;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InetSocketAddress server;
    private final DatagramSocket udp;
    private final Socket tcp;

    private String username;
    private String realm;
    private byte[] nonce;
    private byte[] key;
    private boolean allocated;

    private TurnClient(InetSocketAddress server, DatagramSocket udp, Socket tcp) {
        this.server = server;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** A client that speaks to {@code server} over UDP. */
    public static TurnClient udp(InetSocketAddress server) {
        try {
            DatagramSocket socket = new DatagramSocket();
            socket.setSoTimeout((int) TIMEOUT.toMillis() / 5);
            return new TurnClient(server, socket, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on one TCP connection to {@code server} (TURN over TCP: the allocation lives as long as it). */
    public static TurnClient tcp(InetSocketAddress server) {
        try {
            Socket socket = new Socket();
            socket.connect(server, (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return new TurnClient(server, null, socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    /** Whether anything answers a STUN Binding request at {@code server} over UDP within {@code timeout}. */
    public static boolean answersStun(InetSocketAddress server, Duration timeout) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            byte[] request = header(0x0001, 0, transactionId());
            socket.send(new DatagramPacket(request, request.length, server));
            DatagramPacket response = new DatagramPacket(new byte[1500], 1500);
            socket.receive(response);
            return response.getLength() >= 20 && response.getData()[0] == 0x01 && response.getData()[1] == 0x01;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Allocates a UDP relay with these long-term credentials (for coturn's REST scheme: {@code <expiry>:<user>} and
     * the base64 HMAC). The first request goes without credentials and gets the server's 401 with its realm and
     * nonce, as every TURN client does; a 438 (stale nonce) is retried once with the new nonce.
     */
    public Outcome allocate(String username, String password) {
        Response challenge = exchange(ALLOCATE, new Attributes().add(REQUESTED_TRANSPORT, requestedTransport()), false);
        if (challenge.success()) {
            return challenge.outcome(); // a server without authentication
        }
        if (challenge.errorCode != 401 || challenge.realm == null || challenge.nonce == null) {
            throw new IllegalStateException("expected a 401 challenge with realm and nonce from " + server
                    + ", got " + challenge.outcome());
        }
        this.username = username;
        this.realm = challenge.realm;
        this.nonce = challenge.nonce;
        this.key = md5(username + ":" + realm + ":" + password);
        Response answer = authenticated(ALLOCATE, new Attributes().add(REQUESTED_TRANSPORT, requestedTransport()));
        allocated = answer.success();
        return answer.outcome();
    }

    /** Asks for a permission to exchange data with {@code peer}; after a successful {@link #allocate}. */
    public Outcome createPermission(InetAddress peer) {
        if (!allocated) {
            throw new IllegalStateException("allocate first");
        }
        return authenticated(CREATE_PERMISSION, new Attributes().add(XOR_PEER_ADDRESS, xorAddress(peer, 0))).outcome();
    }

    /** Gives the allocation back (Refresh with lifetime 0), if there is one; errors are ignored. */
    public void release() {
        if (allocated) {
            allocated = false;
            try {
                authenticated(REFRESH, new Attributes().add(LIFETIME, ByteBuffer.allocate(4).putInt(0).array()));
            } catch (RuntimeException ignored) {
                // the server forgets the allocation at its lifetime's end anyway
            }
        }
    }

    @Override
    public void close() {
        release();
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    // ---------------------------------------------------------------- messages

    private Response authenticated(int method, Attributes attributes) {
        Response answer = exchange(method, withCredentials(attributes), true);
        if (answer.errorCode == 438 && answer.nonce != null) {
            nonce = answer.nonce;
            answer = exchange(method, withCredentials(attributes), true);
        }
        return answer;
    }

    private Attributes withCredentials(Attributes attributes) {
        return attributes.copy()
                .add(USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .add(REALM, realm.getBytes(StandardCharsets.UTF_8))
                .add(NONCE, nonce);
    }

    private Response exchange(int method, Attributes attributes, boolean integrity) {
        byte[] transaction = transactionId();
        byte[] body = attributes.bytes();
        byte[] message;
        if (integrity) {
            // The HMAC covers the header (its length already counting MESSAGE-INTEGRITY) and the attributes before it.
            byte[] signed = concat(header(method, body.length + 24, transaction), body);
            byte[] mac = hmacSha1(key, signed);
            message = concat(signed, attribute(MESSAGE_INTEGRITY, mac));
        } else {
            message = concat(header(method, body.length, transaction), body);
        }
        byte[] response = udp != null ? sendUdp(message, transaction) : sendTcp(message, transaction);
        return Response.parse(response, method);
    }

    private byte[] sendUdp(byte[] message, byte[] transaction) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                udp.send(new DatagramPacket(message, message.length, server));
                try {
                    while (true) {
                        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
                        udp.receive(packet);
                        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                        if (data.length >= 20 && Arrays.equals(data, 8, 20, transaction, 0, 12)) {
                            return data;
                        }
                    }
                } catch (SocketTimeoutException retransmit) {
                    // UDP: send again until the deadline
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TURN over UDP to " + server, e);
        }
        throw new IllegalStateException("no answer from " + server + " over UDP within " + TIMEOUT);
    }

    private byte[] sendTcp(byte[] message, byte[] transaction) {
        try {
            OutputStream out = tcp.getOutputStream();
            out.write(message);
            out.flush();
            DataInputStream in = new DataInputStream(tcp.getInputStream());
            while (true) {
                byte[] head = readFully(in, 20);
                int length = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
                byte[] data = concat(head, readFully(in, length));
                if (Arrays.equals(data, 8, 20, transaction, 0, 12)) {
                    return data;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TURN over TCP to " + server, e);
        }
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        new DataInputStream(in).readFully(bytes);
        return bytes;
    }

    private byte[] requestedTransport() {
        return new byte[] {UDP_PROTOCOL, 0, 0, 0};
    }

    private static byte[] xorAddress(InetAddress address, int port) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 peers only: " + address);
        }
        byte[] ip = address.getAddress();
        byte[] cookie = ByteBuffer.allocate(4).putInt(MAGIC_COOKIE).array();
        ByteBuffer value = ByteBuffer.allocate(8);
        value.put((byte) 0).put((byte) 0x01).putShort((short) (port ^ (MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < 4; i++) {
            value.put((byte) (ip[i] ^ cookie[i]));
        }
        return value.array();
    }

    private static byte[] header(int type, int length, byte[] transaction) {
        return ByteBuffer.allocate(20).putShort((short) type).putShort((short) length).putInt(MAGIC_COOKIE)
                .put(transaction).array();
    }

    private static byte[] attribute(int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        return ByteBuffer.allocate(4 + padded).putShort((short) type).putShort((short) value.length).put(value).array();
    }

    private static byte[] transactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attributes in order, each padded to four bytes. */
    private static final class Attributes {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Attributes add(int type, byte[] value) {
            bytes.writeBytes(attribute(type, value));
            return this;
        }

        Attributes copy() {
            Attributes copy = new Attributes();
            copy.bytes.writeBytes(bytes.toByteArray());
            return copy;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private record Response(boolean success, int errorCode, String reason, String realm, byte[] nonce,
            InetSocketAddress relayed) {

        Outcome outcome() {
            return new Outcome(success, errorCode, reason, relayed);
        }

        static Response parse(byte[] message, int method) {
            ByteBuffer buffer = ByteBuffer.wrap(message);
            int type = buffer.getShort() & 0xffff;
            int length = buffer.getShort() & 0xffff;
            buffer.getInt(); // magic cookie
            buffer.position(20);
            if (type != (method | SUCCESS) && type != (method | ERROR)) {
                throw new IllegalStateException("unexpected STUN message type 0x" + Integer.toHexString(type));
            }
            int errorCode = 0;
            String reason = "";
            String realm = null;
            byte[] nonce = null;
            InetSocketAddress relayed = null;
            int end = 20 + Math.min(length, message.length - 20);
            while (buffer.position() + 4 <= end) {
                int attributeType = buffer.getShort() & 0xffff;
                int attributeLength = buffer.getShort() & 0xffff;
                byte[] value = new byte[attributeLength];
                buffer.get(value);
                buffer.position(buffer.position() + ((4 - attributeLength % 4) % 4));
                switch (attributeType) {
                    case ERROR_CODE -> {
                        errorCode = (value[2] & 0x7) * 100 + (value[3] & 0xff);
                        reason = new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
                    }
                    case REALM -> realm = new String(value, StandardCharsets.UTF_8);
                    case NONCE -> nonce = value;
                    case XOR_RELAYED_ADDRESS -> relayed = unXor(value);
                    default -> {
                        // not needed here
                    }
                }
            }
            return new Response(type == (method | SUCCESS), errorCode, reason, realm, nonce, relayed);
        }

        private static InetSocketAddress unXor(byte[] value) {
            if (value[1] != 0x01) {
                return null; // IPv6: not needed here
            }
            int port = (((value[2] & 0xff) << 8) | (value[3] & 0xff)) ^ (MAGIC_COOKIE >>> 16);
            byte[] cookie = ByteBuffer.allocate(4).putInt(MAGIC_COOKIE).array();
            byte[] ip = new byte[4];
            for (int i = 0; i < 4; i++) {
                ip[i] = (byte) (value[4 + i] ^ cookie[i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
