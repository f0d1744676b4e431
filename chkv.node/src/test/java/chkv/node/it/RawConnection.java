package chkv.node.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain socket to a RESP server: bytes out, replies in, every read bounded in time. */
final class RawConnection implements AutoCloseable {
    /**
     * How long one read may wait for a byte: room for the script's 512 MB values (the
     * proto-max-bulk-len edges) on a loaded 2-core machine.
     */
    static final int READ_TIMEOUT_MILLIS = 15_000;
    /** How long a server that must close may stay silent before it counts as not closing. */
    static final int CLOSE_TIMEOUT_MILLIS = 2_000;
    /** The most a server may send before closing, after a protocol error. */
    static final int MAX_UNTIL_CLOSE = 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        try {
            socket.connect(address, READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes one byte a write, so the server sees every split a TCP stream allows. */
    void dribble(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    /** @throws SocketTimeoutException when the server is silent for the read timeout */
    Resp read() throws IOException {
        return Resp.read(in);
    }

    /** @return the bytes that arrived beyond the replies read so far (none when in step) */
    byte[] unread() throws IOException {
        int n = in.available();
        return n == 0 ? new byte[0] : in.readNBytes(Math.min(n, MAX_UNTIL_CLOSE));
    }

    /**
     * Reads until the server closes the connection.
     *
     * @return what was read, and whether the server closed (rather than going silent)
     */
    UntilClosed readUntilClosed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        socket.setSoTimeout(CLOSE_TIMEOUT_MILLIS);
        while (bytes.size() < MAX_UNTIL_CLOSE) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return new UntilClosed(bytes.toByteArray(), false);
            } catch (IOException e) {
                // A reset after the error reply counts as closing.
                return new UntilClosed(bytes.toByteArray(), true);
            }
            if (n < 0) {
                return new UntilClosed(bytes.toByteArray(), true);
            }
            bytes.write(buffer, 0, n);
        }
        return new UntilClosed(bytes.toByteArray(), false);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket cannot fail in a way that matters
        }
    }

    /** What a server sent before closing. @param bytes all of it @param closed whether it closed */
    record UntilClosed(byte[] bytes, boolean closed) {}
}
