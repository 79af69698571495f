using System.Buffers.Binary;
using System.Text;

namespace IommuSim.Observe.TraceDat;

/// <summary>
/// Little-endian numbers and NUL-terminated strings onto a seekable stream, with back-patching of values whose
/// offset or size is known only later (section sizes, CPU data offsets).
/// </summary>
internal sealed class DatOutput
{
    private readonly byte[] _scratch = new byte[8];

    public DatOutput(Stream stream)
    {
        if (!stream.CanSeek || !stream.CanWrite) throw new ArgumentException("a .dat file is written to a seekable, writable stream", nameof(stream));
        Stream = stream;
    }

    public Stream Stream { get; }

    public long Position => Stream.Position;

    public void U8(byte value) => Stream.WriteByte(value);

    public void U16(int value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch, checked((ushort)value));
        Stream.Write(_scratch, 0, 2);
    }

    public void U32(long value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch, checked((uint)value));
        Stream.Write(_scratch, 0, 4);
    }

    public void U64(long value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_scratch, checked((ulong)value));
        Stream.Write(_scratch, 0, 8);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => Stream.Write(bytes);

    /// <summary>The text's bytes, no terminator (format files, kallsyms: sizes are given before them).</summary>
    public void Text(string text) => Stream.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>The text's bytes and a NUL.</summary>
    public void CString(string text)
    {
        Text(text);
        Stream.WriteByte(0);
    }

    /// <summary>Zeros up to the next multiple of <paramref name="alignment"/>.</summary>
    public void PadTo(int alignment)
    {
        long pad = (alignment - Stream.Position % alignment) % alignment;
        for (long i = 0; i < pad; i++) Stream.WriteByte(0);
    }

    /// <summary>Overwrites the u64 at <paramref name="offset"/> and returns to the end.</summary>
    public void PatchU64(long offset, long value)
    {
        long end = Stream.Position;
        Stream.Position = offset;
        U64(value);
        Stream.Position = end;
    }

    /// <summary>Length of the text in bytes as written.</summary>
    public static int TextLength(string text) => Encoding.UTF8.GetByteCount(text);
}
