using System.Text;

namespace IommuSim.Kernel.Randomness;

/// <summary>
/// The 64-bit FNV-1a hash (Fowler, Noll, Vo): offset basis 0xCBF29CE484222325, prime 0x100000001B3,
/// xor each byte then multiply. A fixed, documented function, unlike <see cref="string.GetHashCode()"/>,
/// which is randomized per process; random-stream seeds depend on it, so it must never change.
/// </summary>
public static class Fnv1a64
{
    private const ulong OffsetBasis = 0xCBF29CE484222325;
    private const ulong Prime = 0x100000001B3;

    /// <summary>The FNV-1a 64 hash of <paramref name="bytes"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h = OffsetBasis;
        foreach (byte b in bytes)
            h = unchecked((h ^ b) * Prime);
        return h;
    }

    /// <summary>
    /// The FNV-1a 64 hash of the UTF-8 encoding of <paramref name="text"/>. Unpaired surrogates are
    /// encoded as U+FFFD, as <see cref="Encoding.UTF8"/> does. Does not allocate.
    /// </summary>
    public static ulong Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ulong h = OffsetBasis;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in text.EnumerateRunes())
        {
            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
                h = unchecked((h ^ utf8[i]) * Prime);
        }
        return h;
    }
}
