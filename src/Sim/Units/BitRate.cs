using System.Globalization;
using IommuSim.Kernel;

namespace IommuSim.Units;

/// <summary>
/// A data rate: a non-negative 64-bit count of bits per second.
/// </summary>
/// <remarks>
/// Multipliers are decimal (1000^n), as networking and PCIe use them: 100Gbps is 100,000,000,000 bits
/// per second. Byte rates (<c>12.5GB/s</c>) are accepted and converted at 8 bits per byte.
/// Sizes, by contrast, are binary; see <see cref="ByteSize"/>.
/// </remarks>
public readonly struct BitRate : IEquatable<BitRate>, IComparable<BitRate>, ISpanFormattable
{
    /// <summary>Bits per second in one kbps.</summary>
    public const long BitsPerKbps = 1_000;
    /// <summary>Bits per second in one Mbps.</summary>
    public const long BitsPerMbps = 1_000_000;
    /// <summary>Bits per second in one Gbps.</summary>
    public const long BitsPerGbps = 1_000_000_000;
    /// <summary>Bits per second in one Tbps.</summary>
    public const long BitsPerTbps = 1_000_000_000_000;

    /// <summary>The rate in bits per second, never negative.</summary>
    public long BitsPerSecond { get; }

    /// <summary>Creates a rate of <paramref name="bitsPerSecond"/> bits per second.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bitsPerSecond"/> is negative.</exception>
    public BitRate(long bitsPerSecond)
    {
        if (bitsPerSecond < 0)
            throw new ArgumentOutOfRangeException(nameof(bitsPerSecond), bitsPerSecond, "a bit rate cannot be negative");
        BitsPerSecond = bitsPerSecond;
    }

    /// <summary>A rate of <paramref name="bps"/> bits per second.</summary>
    public static BitRate FromBitsPerSecond(long bps) => new(bps);
    /// <summary>A rate of <paramref name="mbps"/> Mbps.</summary>
    public static BitRate FromMbps(long mbps) => new(checked(mbps * BitsPerMbps));
    /// <summary>A rate of <paramref name="gbps"/> Gbps.</summary>
    public static BitRate FromGbps(long gbps) => new(checked(gbps * BitsPerGbps));

    /// <summary>The rate in Gbps, as a double (for reporting only).</summary>
    public double Gbps => BitsPerSecond / (double)BitsPerGbps;

    /// <summary>
    /// The time to move <paramref name="size"/> at this rate, rounded up to a whole picosecond
    /// (a transfer is not complete until its last bit is). Exact: computed in 128-bit integers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rate is zero and the size is not.</exception>
    /// <exception cref="OverflowException">The time exceeds <see cref="SimTime.MaxValue"/>.</exception>
    public SimTime TimeToTransfer(ByteSize size)
    {
        if (size.Bytes == 0) return SimTime.Zero;
        if (BitsPerSecond == 0)
            throw new InvalidOperationException($"a zero bit rate never transfers {size}");
        // ps = bytes * 8 bits * 1e12 ps/s / bps; at most 2^63 * 2^3 * 2^40 = 2^106, well inside Int128.
        Int128 numerator = (Int128)size.Bytes * 8 * SimTime.PsPerS;
        Int128 ps = (numerator + BitsPerSecond - 1) / BitsPerSecond;
        if (ps > long.MaxValue)
            throw new OverflowException($"transferring {size} at {this} takes longer than SimTime can represent");
        return SimTime.FromPicoseconds((long)ps);
    }

    /// <summary>
    /// The whole bytes this rate moves in <paramref name="duration"/>, rounded down
    /// (a byte is not delivered until all its bits are).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="OverflowException">The result exceeds <see cref="long.MaxValue"/> bytes.</exception>
    public ByteSize BytesIn(SimTime duration)
    {
        if (duration.Picoseconds < 0)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "a duration cannot be negative");
        // bps * ps is below 2^126, inside Int128.
        Int128 bytes = (Int128)BitsPerSecond * duration.Picoseconds / (8 * SimTime.PsPerS);
        if (bytes > long.MaxValue)
            throw new OverflowException($"{this} over {duration} moves more than 8EiB");
        return new ByteSize((long)bytes);
    }

    /// <summary>A rate scaled by a non-negative count (e.g. lanes).</summary>
    /// <exception cref="OverflowException">The product exceeds <see cref="long.MaxValue"/> bits per second.</exception>
    public static BitRate operator *(BitRate a, long k) => new(checked(a.BitsPerSecond * k));
    /// <summary>A rate scaled by a non-negative count (e.g. lanes).</summary>
    /// <exception cref="OverflowException">The product exceeds <see cref="long.MaxValue"/> bits per second.</exception>
    public static BitRate operator *(long k, BitRate a) => new(checked(a.BitsPerSecond * k));
    /// <summary>Ordering.</summary>
    public static bool operator <(BitRate a, BitRate b) => a.BitsPerSecond < b.BitsPerSecond;
    /// <summary>Ordering.</summary>
    public static bool operator >(BitRate a, BitRate b) => a.BitsPerSecond > b.BitsPerSecond;
    /// <summary>Ordering.</summary>
    public static bool operator <=(BitRate a, BitRate b) => a.BitsPerSecond <= b.BitsPerSecond;
    /// <summary>Ordering.</summary>
    public static bool operator >=(BitRate a, BitRate b) => a.BitsPerSecond >= b.BitsPerSecond;
    /// <summary>Equality.</summary>
    public static bool operator ==(BitRate a, BitRate b) => a.BitsPerSecond == b.BitsPerSecond;
    /// <summary>Inequality.</summary>
    public static bool operator !=(BitRate a, BitRate b) => a.BitsPerSecond != b.BitsPerSecond;

    /// <inheritdoc/>
    public bool Equals(BitRate other) => BitsPerSecond == other.BitsPerSecond;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BitRate r && Equals(r);
    /// <inheritdoc/>
    public override int GetHashCode() => BitsPerSecond.GetHashCode();
    /// <inheritdoc/>
    public int CompareTo(BitRate other) => BitsPerSecond.CompareTo(other.BitsPerSecond);

    private const string AcceptedUnits = "bps, kbps, Mbps, Gbps, Tbps (also b/s, bit/s; bytes: B/s, Bps)";

    // Every prefix with every spelling: bit spellings count 1 bit per unit, byte spellings 8.
    private static readonly QuantityGrammar Grammar = new(
        "bit rate", AcceptedUnits, "100Gbps", BuildUnits(), "", "about 9.2Ebps",
        (text, _) => $"bit rate '{text}' is not a whole number of bits per second", AllowNegative: false);

    private static (string, long)[] BuildUnits()
    {
        (string Prefix, long Scale)[] prefixes =
            [("", 1), ("k", BitsPerKbps), ("K", BitsPerKbps), ("M", BitsPerMbps), ("G", BitsPerGbps), ("T", BitsPerTbps)];
        (string Suffix, long BitsPerUnit)[] suffixes = [("bps", 1), ("b/s", 1), ("bit/s", 1), ("Bps", 8), ("B/s", 8)];
        var units = new List<(string, long)>();
        foreach (var (p, scale) in prefixes)
            foreach (var (s, bits) in suffixes)
                units.Add((p + s, scale * bits));
        return units.ToArray();
    }

    /// <summary>
    /// Parses a rate with a unit: <c>100Gbps</c>, <c>25Gb/s</c>, <c>10Mbps</c>, <c>1Tbps</c>, <c>800kbps</c>,
    /// <c>12.5GB/s</c> (bytes per second, times 8). Multipliers are decimal; <c>k</c> and <c>K</c> both mean 1000.
    /// The result must be a whole number of bits per second. A bare number is rejected: a unit is always required.
    /// </summary>
    /// <exception cref="FormatException">The text is not a non-negative number followed by a rate unit.</exception>
    public static BitRate Parse(string text)
    {
        if (TryParse(text, out var rate, out var error)) return rate;
        throw new FormatException(error);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning an explanation instead of throwing.</summary>
    public static bool TryParse(string? text, out BitRate value, out string error)
    {
        bool ok = QuantityText.TryParse(text, Grammar, out long bps, out error);
        value = ok ? new BitRate(bps) : default;
        return ok;
    }

    /// <summary>
    /// Formats with the largest decimal unit (Tbps, Gbps, Mbps, kbps) in which the value is at least 1 and
    /// needs at most three decimals, else in bps: <c>100Gbps</c>, <c>12.5Gbps</c>, <c>800kbps</c>, <c>1234bps</c>.
    /// Round-trips through <see cref="Parse"/>.
    /// </summary>
    public override string ToString()
    {
        long b = BitsPerSecond;
        ReadOnlySpan<(string, long)> ladder = [("Tbps", BitsPerTbps), ("Gbps", BitsPerGbps), ("Mbps", BitsPerMbps), ("kbps", BitsPerKbps)];
        foreach (var (unit, scale) in ladder)
        {
            // At most three decimals in this unit: b must be a multiple of scale / 1000.
            if (b >= scale && b % (scale / 1000) == 0)
                return ((decimal)b / scale).ToString("0.###", CultureInfo.InvariantCulture) + unit;
        }
        return b.ToString(CultureInfo.InvariantCulture) + "bps";
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var s = ToString();
        if (s.Length > destination.Length) { charsWritten = 0; return false; }
        s.AsSpan().CopyTo(destination);
        charsWritten = s.Length;
        return true;
    }
}
