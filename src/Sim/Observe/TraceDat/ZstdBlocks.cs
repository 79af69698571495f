using ZstdSharp;
using ZstdSharp.Unsafe;

namespace IommuSim.Observe.TraceDat;

/// <summary>
/// zstd compression of whole blocks, as trace-cmd's zstd plugin does it (one ZSTD_compress2 per block, the
/// library's default level). Same input, same library version, same bytes.
/// </summary>
internal sealed class ZstdBlocks : IDisposable
{
    // ZSTD_CLEVEL_DEFAULT: trace-cmd (lib/trace-cmd/trace-compress-zstd.c) compresses with a fresh context's default.
    private const int Level = 3;

    private readonly Compressor _compressor = new(Level);
    private byte[] _output = [];

    /// <summary>The version the file's compression header names, from the linked zstd ("1.5.7").</summary>
    public static string Version
    {
        get
        {
            uint v = Methods.ZSTD_versionNumber();
            return $"{v / 10000}.{v / 100 % 100}.{v % 100}";
        }
    }

    /// <summary>Compresses <paramref name="input"/>; the result is valid until the next call.</summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> input)
    {
        int bound = Compressor.GetCompressBound(input.Length);
        if (_output.Length < bound) _output = new byte[bound];
        int written = _compressor.Wrap(input, _output);
        return _output.AsSpan(0, written);
    }

    public void Dispose() => _compressor.Dispose();
}
