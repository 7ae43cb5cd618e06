package bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small WebSocket client (RFC 6455, ws:// only, no extensions) on one NIO selector thread, for
 * load drivers that share the machine with the server they measure. The JDK's client spends about
 * 1.3 ms of CPU per socket opened (its HttpClient, the futures around every step); this one does the
 * handshake and a frame in a few microseconds, so the cores stay with the server.
 *
 * <p>It speaks the {@link WebSocket} interface and calls a {@link WebSocket.Listener}, so a driver
 * can use either client. Listener callbacks run on the I/O thread: they must only record. No flow
 * control ({@code request(n)} is a no-op), no TLS, no compression. Strict where it costs nothing: the
 * status line must be 101, {@code Sec-WebSocket-Accept} must match the key, server frames must not be
 * masked.
 */
final class LightWebSocket implements WebSocket {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The selector thread shared by every socket of one client. */
    static final class Client implements AutoCloseable {
        private final Selector selector;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread io;
        private volatile boolean closed;

        Client() throws IOException {
            selector = Selector.open();
            io = new Thread(this::loop, "light-websocket-io");
            io.setDaemon(true);
            io.start();
        }

        /** Opens a socket: the future completes after the 101 and {@code listener.onOpen}. */
        CompletableFuture<WebSocket> connect(URI uri, WebSocket.Listener listener) {
            CompletableFuture<WebSocket> opened = new CompletableFuture<>();
            LightWebSocket socket = new LightWebSocket(this, uri, listener, opened);
            run(() -> socket.start());
            return opened;
        }

        void run(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        boolean onIoThread() {
            return Thread.currentThread() == io;
        }

        private void loop() {
            while (!closed) {
                try {
                    selector.select(1000);
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        task.run();
                    }
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        ((LightWebSocket) key.attachment()).ready(key);
                    }
                } catch (IOException | RuntimeException e) {
                    if (!closed) {
                        System.err.println("light-websocket: " + e);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            selector.wakeup();
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    private final Client client;
    private final URI uri;
    private final Listener listener;
    private final CompletableFuture<WebSocket> opened;
    private final String key;
    private SocketChannel channel;
    private SelectionKey selection;
    private ByteBuffer in = ByteBuffer.allocate(1024);
    /** Frames waiting for the socket's send buffer; touched on the I/O thread only. */
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private boolean upgraded;
    private volatile boolean inputClosed;
    private volatile boolean outputClosed;
    private ByteBuffer message; // a fragmented text message being received
    /** Set once the close handshake is done on our side: the channel closes when the last frame is out. */
    private boolean closeAfterFlush;

    private LightWebSocket(Client client, URI uri, Listener listener, CompletableFuture<WebSocket> opened) {
        this.client = client;
        this.uri = uri;
        this.listener = listener;
        this.opened = opened;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    private void start() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            boolean connected = channel.connect(new InetSocketAddress(uri.getHost(), port));
            selection = channel.register(client.selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                sendHandshake();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void sendHandshake() {
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        queue(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                selection.interestOps(SelectionKey.OP_READ);
                sendHandshake();
                return;
            }
            if (k.isWritable()) {
                flush();
            }
            if (k.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            if (!inputClosed) {
                inputClosed = true;
                closeChannel();
                if (upgraded) {
                    listener.onClose(this, 1006, ""); // closed without a close frame (RFC 6455, 7.1.5)
                } else {
                    opened.completeExceptionally(new IOException("the server closed the connection during the handshake"));
                }
            }
            return;
        }
        in.flip();
        if (!upgraded && !readHandshake()) {
            in.compact();
            if (!in.hasRemaining()) {
                grow();
            }
            return;
        }
        while (readFrame()) {
            // one frame handled
        }
        in.compact();
        if (!in.hasRemaining()) {
            grow();
        }
    }

    private void grow() {
        if (in.capacity() >= 1 << 20) {
            throw new IllegalStateException("a frame larger than 1 MiB");
        }
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    /** @return true once the 101 is read (the buffer then holds what follows it) */
    private boolean readHandshake() throws IOException {
        int end = -1;
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i + 4;
                break;
            }
        }
        if (end < 0) {
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + lines[0]);
        }
        String accept = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                accept = line.substring(colon + 1).trim();
            }
        }
        if (!expectedAccept().equals(accept)) {
            throw new IOException("wrong Sec-WebSocket-Accept: " + accept);
        }
        upgraded = true;
        listener.onOpen(this);
        opened.complete(this);
        return true;
    }

    private String expectedAccept() {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return true if a whole frame was taken from the buffer */
    private boolean readFrame() throws IOException {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int b0 = in.get(start) & 0xff;
        int b1 = in.get(start + 1) & 0xff;
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        long length = b1 & 0x7f;
        int header = 2;
        if (length == 126) {
            if (in.remaining() < 4) {
                return false;
            }
            length = in.getShort(start + 2) & 0xffff;
            header = 4;
        } else if (length == 127) {
            if (in.remaining() < 10) {
                return false;
            }
            length = in.getLong(start + 2);
            header = 10;
        }
        if (length > (1 << 20)) {
            throw new IOException("a frame of " + length + " bytes");
        }
        if (in.remaining() < header + length) {
            return false;
        }
        byte[] payload = new byte[(int) length];
        in.position(start + header);
        in.get(payload);
        switch (opcode) {
            case 0x1, 0x0 -> text(payload, fin, opcode == 0x0);
            case 0x8 -> closeFrame(payload);
            case 0x9 -> queue(frame(0xA, payload));
            case 0xA -> { } // a pong
            default -> throw new IOException("unexpected opcode " + opcode);
        }
        return true;
    }

    private void text(byte[] payload, boolean fin, boolean continuation) {
        if (!fin || continuation) {
            if (message == null) {
                message = ByteBuffer.allocate(Math.max(256, payload.length * 2));
            }
            if (message.remaining() < payload.length) {
                ByteBuffer bigger = ByteBuffer.allocate((message.position() + payload.length) * 2);
                message.flip();
                bigger.put(message);
                message = bigger;
            }
            message.put(payload);
            if (!fin) {
                return;
            }
            message.flip();
            payload = new byte[message.remaining()];
            message.get(payload);
            message = null;
        }
        listener.onText(this, new String(payload, StandardCharsets.UTF_8), true);
    }

    private void closeFrame(byte[] payload) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        inputClosed = true;
        if (!outputClosed) {
            outputClosed = true;
            queue(closePayload(code == 1005 ? NORMAL_CLOSURE : code, ""));
        }
        listener.onClose(this, code, reason);
        closeAfterFlush = true;
        if (out.isEmpty()) {
            closeChannel();
        }
    }

    private static ByteBuffer closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return frame(0x8, payload);
    }

    /** A client frame: FIN set, masked with a fresh key (RFC 6455, 5.3). */
    private static ByteBuffer frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + n);
        frame.put((byte) (0x80 | opcode));
        if (n < 126) {
            frame.put((byte) (0x80 | n));
        } else if (n < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(n);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < n; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }

    /** Queues bytes and writes what the socket takes now; from any thread. */
    private void queue(ByteBuffer bytes) {
        if (!client.onIoThread()) {
            client.run(() -> queue(bytes));
            return;
        }
        out.add(bytes);
        try {
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void flush() throws IOException {
        if (!channel.isOpen()) {
            out.clear();
            return;
        }
        while (!out.isEmpty()) {
            ByteBuffer head = out.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                selection.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            out.poll();
        }
        if (selection.isValid()) {
            selection.interestOps(SelectionKey.OP_READ);
        }
        if (closeAfterFlush) {
            closeChannel();
        }
    }

    private void fail(Throwable e) {
        closeChannel();
        if (!opened.isDone()) {
            opened.completeExceptionally(e);
        } else if (!inputClosed) {
            inputClosed = true;
            listener.onError(this, e);
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ java.net.http.WebSocket

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        if (!last) {
            throw new UnsupportedOperationException("whole messages only");
        }
        if (outputClosed) {
            return CompletableFuture.failedFuture(new IOException("output closed"));
        }
        queue(frame(0x1, data.toString().getBytes(StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        throw new UnsupportedOperationException("text only");
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        return sendControl(0x9, message);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return sendControl(0xA, message);
    }

    private CompletableFuture<WebSocket> sendControl(int opcode, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        queue(frame(opcode, bytes));
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        if (!outputClosed) {
            outputClosed = true;
            queue(closePayload(statusCode, reason));
        }
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
        // no flow control: every frame is delivered as it arrives
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed;
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed;
    }

    @Override
    public void abort() {
        inputClosed = true;
        outputClosed = true;
        client.run(this::closeChannel);
    }
}
