package dev.gitml.collector.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's compression through zstd-jni directly: parquet-java's own codec factory goes through
 * Hadoop's codec classes, which gitml does not ship. Pages are compressed with zstd (level 3,
 * zstd's default) and read back as zstd or uncompressed; any other codec is refused.
 */
final class ZstdCodecs implements CompressionCodecFactory {
  static final int LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    if (codec == CompressionCodecName.UNCOMPRESSED) {
      return new Compressor(codec);
    }
    requireZstd(codec);
    return new Compressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (codec != CompressionCodecName.UNCOMPRESSED) {
      requireZstd(codec);
    }
    return new Decompressor(codec);
  }

  @Override
  public void release() {}

  private static byte[] array(BytesInput bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(bytes.size()));
    bytes.writeAllTo(out);
    return out.toByteArray();
  }

  private static void requireZstd(CompressionCodecName codec) {
    if (codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("gitml reads and writes Parquet with zstd, not " + codec);
    }
  }

  private record Compressor(CompressionCodecName codec) implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(Zstd.compress(array(bytes), LEVEL));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {
    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(Zstd.decompress(array(bytes), uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer in, int compressedSize, ByteBuffer out, int uncompressedSize)
        throws IOException {
      byte[] src = new byte[compressedSize];
      in.get(src);
      out.put(Zstd.decompress(src, uncompressedSize));
    }

    @Override
    public void release() {}
  }
}
