using IommuSim.Kernel;
using System.Globalization;

namespace IommuSim.Units;

/// <summary>
/// An amount of memory or data: a non-negative 64-bit count of bytes.
/// </summary>
/// <remarks>
/// Every multiplier is binary (1024^n), whether written <c>K</c>, <c>KB</c> or <c>KiB</c>: sizes in this
/// simulator are page sizes, buffer sizes and table sizes, where the kernel and hardware documents write
/// "4K" or "4KB" and mean 4096 bytes. Link speeds are the decimal ones; see <see cref="BitRate"/>.
/// A size is never negative: constructing one from a negative count, or subtracting a larger size from a
/// smaller one, throws.
/// </remarks>
public readonly struct ByteSize : IEquatable<ByteSize>, IComparable<ByteSize>, ISpanFormattable
{
    /// <summary>Bytes per kibibyte (also what <c>K</c> and <c>KB</c> mean here).</summary>
    public const long BytesPerKiB = 1L << 10;
    /// <summary>Bytes per mebibyte (also what <c>M</c> and <c>MB</c> mean here).</summary>
    public const long BytesPerMiB = 1L << 20;
    /// <summary>Bytes per gibibyte (also what <c>G</c> and <c>GB</c> mean here).</summary>
    public const long BytesPerGiB = 1L << 30;
    /// <summary>Bytes per tebibyte (also what <c>T</c> and <c>TB</c> mean here).</summary>
    public const long BytesPerTiB = 1L << 40;

    /// <summary>The count of bytes, never negative.</summary>
    public long Bytes { get; }

    /// <summary>Creates a size of <paramref name="bytes"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public ByteSize(long bytes)
    {
        if (bytes < 0)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a byte size cannot be negative");
        Bytes = bytes;
    }

    /// <summary>Zero bytes.</summary>
    public static ByteSize Zero => default;

    /// <summary>A size of <paramref name="bytes"/> bytes.</summary>
    public static ByteSize FromBytes(long bytes) => new(bytes);
    /// <summary>A size of <paramref name="kib"/> KiB.</summary>
    public static ByteSize FromKiB(long kib) => new(checked(kib * BytesPerKiB));
    /// <summary>A size of <paramref name="mib"/> MiB.</summary>
    public static ByteSize FromMiB(long mib) => new(checked(mib * BytesPerMiB));
    /// <summary>A size of <paramref name="gib"/> GiB.</summary>
    public static ByteSize FromGiB(long gib) => new(checked(gib * BytesPerGiB));

    /// <summary>True when the size is 2^n bytes for some n ≥ 0 (zero is not a power of two).</summary>
    public bool IsPowerOfTwo => Bytes > 0 && (Bytes & (Bytes - 1)) == 0;

    /// <summary>Sum of two sizes.</summary>
    /// <exception cref="OverflowException">The sum exceeds <see cref="long.MaxValue"/> bytes.</exception>
    public static ByteSize operator +(ByteSize a, ByteSize b) => new(checked(a.Bytes + b.Bytes));

    /// <summary>Difference of two sizes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="b"/> is larger than <paramref name="a"/>.</exception>
    public static ByteSize operator -(ByteSize a, ByteSize b) => new(a.Bytes - b.Bytes);

    /// <summary>A size scaled by a non-negative count.</summary>
    /// <exception cref="OverflowException">The product exceeds <see cref="long.MaxValue"/> bytes.</exception>
    public static ByteSize operator *(ByteSize a, long k) => new(checked(a.Bytes * k));

    /// <summary>A size scaled by a non-negative count.</summary>
    /// <exception cref="OverflowException">The product exceeds <see cref="long.MaxValue"/> bytes.</exception>
    public static ByteSize operator *(long k, ByteSize a) => new(checked(a.Bytes * k));

    /// <summary>A size divided by a positive count, truncating to whole bytes.</summary>
    public static ByteSize operator /(ByteSize a, long k) => new(a.Bytes / k);

    /// <summary>How many whole <paramref name="b"/> fit in <paramref name="a"/> (truncating).</summary>
    public static long operator /(ByteSize a, ByteSize b) => a.Bytes / b.Bytes;

    /// <summary>What is left of <paramref name="a"/> after taking whole multiples of <paramref name="b"/>.</summary>
    public static ByteSize operator %(ByteSize a, ByteSize b) => new(a.Bytes % b.Bytes);

    /// <summary>Ordering.</summary>
    public static bool operator <(ByteSize a, ByteSize b) => a.Bytes < b.Bytes;
    /// <summary>Ordering.</summary>
    public static bool operator >(ByteSize a, ByteSize b) => a.Bytes > b.Bytes;
    /// <summary>Ordering.</summary>
    public static bool operator <=(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes;
    /// <summary>Ordering.</summary>
    public static bool operator >=(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes;
    /// <summary>Equality.</summary>
    public static bool operator ==(ByteSize a, ByteSize b) => a.Bytes == b.Bytes;
    /// <summary>Inequality.</summary>
    public static bool operator !=(ByteSize a, ByteSize b) => a.Bytes != b.Bytes;

    /// <summary>The larger of two sizes.</summary>
    public static ByteSize Max(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes ? a : b;
    /// <summary>The smaller of two sizes.</summary>
    public static ByteSize Min(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes ? a : b;

    /// <inheritdoc/>
    public bool Equals(ByteSize other) => Bytes == other.Bytes;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ByteSize s && Equals(s);
    /// <inheritdoc/>
    public override int GetHashCode() => Bytes.GetHashCode();
    /// <inheritdoc/>
    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    private const string AcceptedUnits = "B, K, KB, KiB, M, MB, MiB, G, GB, GiB, T, TB, TiB";

    private static readonly QuantityGrammar Grammar = new(
        "size", AcceptedUnits, "4KiB",
        [
            ("B", 1),
            ("K", BytesPerKiB), ("KB", BytesPerKiB), ("KiB", BytesPerKiB),
            ("M", BytesPerMiB), ("MB", BytesPerMiB), ("MiB", BytesPerMiB),
            ("G", BytesPerGiB), ("GB", BytesPerGiB), ("GiB", BytesPerGiB),
            ("T", BytesPerTiB), ("TB", BytesPerTiB), ("TiB", BytesPerTiB),
        ],
        " (all binary: 1K = 1024B)", "8EiB", (text, bytes) => $"size '{text}' is not a whole number of bytes ({bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}B)", AllowNegative: false);

    /// <summary>
    /// Parses a size with a unit: <c>64B</c>, <c>2KiB</c>, <c>4K</c>, <c>4KB</c>, <c>2MiB</c>, <c>1GiB</c>,
    /// <c>1.5KiB</c>, <c>0B</c>. Units are case-sensitive and all binary (see the type remarks).
    /// A fraction is allowed when the result is a whole number of bytes. A bare number is rejected:
    /// a unit is always required.
    /// </summary>
    /// <exception cref="FormatException">The text is not a non-negative number followed by a size unit.</exception>
    public static ByteSize Parse(string text)
    {
        if (TryParse(text, out var size, out var error)) return size;
        throw new FormatException(error);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning an explanation instead of throwing.</summary>
    public static bool TryParse(string? text, out ByteSize value, out string error)
    {
        bool ok = QuantityText.TryParse(text, Grammar, out long bytes, out error);
        value = ok ? new ByteSize(bytes) : default;
        return ok;
    }

    /// <summary>
    /// Formats with the largest binary unit (TiB, GiB, MiB, KiB) in which the value is at least 1 and needs
    /// at most three decimals, else in bytes: <c>2MiB</c>, <c>1.5KiB</c> (1536 bytes), <c>1025B</c>, <c>0B</c>.
    /// Round-trips through <see cref="Parse"/>.
    /// </summary>
    public override string ToString()
    {
        long b = Bytes;
        ReadOnlySpan<(string, long)> ladder = [("TiB", BytesPerTiB), ("GiB", BytesPerGiB), ("MiB", BytesPerMiB), ("KiB", BytesPerKiB)];
        foreach (var (unit, scale) in ladder)
        {
            // b / scale has at most three decimals iff b*1000 is a multiple of scale = 2^(10n),
            // i.e. iff b is a multiple of 2^(10n-3) = scale / 8 (1000 = 125 * 2^3).
            if (b >= scale && b % (scale >> 3) == 0)
                return ((decimal)b / scale).ToString("0.###", CultureInfo.InvariantCulture) + unit;
        }
        return b.ToString(CultureInfo.InvariantCulture) + "B";
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
