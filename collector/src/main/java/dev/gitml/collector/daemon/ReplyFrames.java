package dev.gitml.collector.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The daemon's answer to a {@code run} request (docs/architecture.md): frames of one type byte, a
 * 4-byte big-endian length and that many bytes. {@code o} and {@code e} carry the command's
 * standard output and error as it prints them, {@code x} its exit code (4 bytes) and ends the
 * answer; {@code r} alone says the daemon does not run this command line and the client should.
 * {@code a} (empty) comes first when the daemon takes the command: a client that hears neither in a
 * few seconds runs the command itself, so a stuck daemon never holds it up.
 */
public final class ReplyFrames {
  public static final byte OUT = 'o';
  public static final byte ERR = 'e';
  public static final byte EXIT = 'x';
  public static final byte REFUSED = 'r';
  public static final byte ACCEPTED = 'a';

  /** Output is sent in frames of at most this many bytes. */
  private static final int FRAME = 1 << 16;

  private final WritableByteChannel channel;

  public ReplyFrames(WritableByteChannel channel) {
    this.channel = channel;
  }

  /** A stream whose bytes go to the client as frames of {@code type}, buffered until flushed. */
  public OutputStream stream(byte type) {
    return new FrameStream(type);
  }

  public void exit(int code) throws IOException {
    send(EXIT, ByteBuffer.allocate(4).putInt(code).array(), 0, 4);
  }

  public void accept() throws IOException {
    send(ACCEPTED, new byte[0], 0, 0);
  }

  public void refuse() throws IOException {
    send(REFUSED, new byte[0], 0, 0);
  }

  private synchronized void send(byte type, byte[] bytes, int offset, int length)
      throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(5 + length);
    frame.put(type).putInt(length).put(bytes, offset, length).flip();
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  private final class FrameStream extends OutputStream {
    private final byte type;
    private final byte[] buffer = new byte[FRAME];
    private int size;

    FrameStream(byte type) {
      this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
      if (size == buffer.length) {
        flush();
      }
      buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        if (size == buffer.length) {
          flush();
        }
        int n = Math.min(length, buffer.length - size);
        System.arraycopy(bytes, offset, buffer, size, n);
        size += n;
        offset += n;
        length -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      if (size > 0) {
        send(type, buffer, 0, size);
        size = 0;
      }
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
