using System.Globalization;

namespace IommuSim.Kernel;

/// <summary>
/// A point in, or span of, simulated time: a signed 64-bit count of picoseconds.
/// Integer time keeps runs exact and reproducible (no floating-point drift in event order);
/// 2^63 ps is about 106 days of simulated time, far beyond any run.
/// </summary>
public readonly struct SimTime : IEquatable<SimTime>, IComparable<SimTime>, ISpanFormattable
{
    /// <summary>Picoseconds per nanosecond.</summary>
    public const long PsPerNs = 1_000;
    /// <summary>Picoseconds per microsecond.</summary>
    public const long PsPerUs = 1_000_000;
    /// <summary>Picoseconds per millisecond.</summary>
    public const long PsPerMs = 1_000_000_000;
    /// <summary>Picoseconds per second.</summary>
    public const long PsPerS = 1_000_000_000_000;

    /// <summary>The count of picoseconds.</summary>
    public long Picoseconds { get; }

    /// <summary>Creates a time from a count of picoseconds.</summary>
    public SimTime(long picoseconds) => Picoseconds = picoseconds;

    /// <summary>Time zero, the start of every simulation.</summary>
    public static SimTime Zero => default;
    /// <summary>The largest representable time; used as "never".</summary>
    public static SimTime MaxValue => new(long.MaxValue);

    /// <summary>A time of <paramref name="ps"/> picoseconds.</summary>
    public static SimTime FromPicoseconds(long ps) => new(ps);
    /// <summary>A time of <paramref name="ns"/> nanoseconds.</summary>
    public static SimTime FromNanoseconds(long ns) => new(checked(ns * PsPerNs));
    /// <summary>A time of <paramref name="us"/> microseconds.</summary>
    public static SimTime FromMicroseconds(long us) => new(checked(us * PsPerUs));
    /// <summary>A time of <paramref name="ms"/> milliseconds.</summary>
    public static SimTime FromMilliseconds(long ms) => new(checked(ms * PsPerMs));
    /// <summary>A time of <paramref name="s"/> whole seconds.</summary>
    public static SimTime FromSeconds(long s) => new(checked(s * PsPerS));

    /// <summary>
    /// A time of <paramref name="seconds"/> seconds, rounded to the nearest picosecond.
    /// Used where a duration is drawn from a continuous distribution.
    /// </summary>
    public static SimTime FromSeconds(double seconds) => FromScaled(seconds, PsPerS);
    /// <summary>A time of <paramref name="ns"/> (fractional) nanoseconds, rounded to the nearest picosecond.</summary>
    public static SimTime FromNanoseconds(double ns) => FromScaled(ns, PsPerNs);

    private static SimTime FromScaled(double value, long scale)
    {
        double ps = Math.Round(value * scale, MidpointRounding.ToEven);
        if (double.IsNaN(ps) || ps >= 9.2233720368547758e18 || ps <= -9.2233720368547758e18)
            throw new OverflowException($"{value.ToString(CultureInfo.InvariantCulture)} is not representable as a SimTime.");
        return new SimTime((long)ps);
    }

    /// <summary>This time in seconds, as a double (for reporting and statistics only).</summary>
    public double TotalSeconds => Picoseconds / (double)PsPerS;
    /// <summary>This time in nanoseconds, as a double (for reporting and statistics only).</summary>
    public double TotalNanoseconds => Picoseconds / (double)PsPerNs;

    /// <summary>Sum of two times.</summary>
    public static SimTime operator +(SimTime a, SimTime b) => new(a.Picoseconds + b.Picoseconds);
    /// <summary>Difference of two times.</summary>
    public static SimTime operator -(SimTime a, SimTime b) => new(a.Picoseconds - b.Picoseconds);
    /// <summary>A time scaled by an integer factor.</summary>
    public static SimTime operator *(SimTime a, long k) => new(a.Picoseconds * k);
    /// <summary>A time scaled by an integer factor.</summary>
    public static SimTime operator *(long k, SimTime a) => new(a.Picoseconds * k);
    /// <summary>A time divided by an integer (truncating toward zero).</summary>
    public static SimTime operator /(SimTime a, long k) => new(a.Picoseconds / k);
    /// <summary>Ordering.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Picoseconds < b.Picoseconds;
    /// <summary>Ordering.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Picoseconds > b.Picoseconds;
    /// <summary>Ordering.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Picoseconds <= b.Picoseconds;
    /// <summary>Ordering.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Picoseconds >= b.Picoseconds;
    /// <summary>Equality.</summary>
    public static bool operator ==(SimTime a, SimTime b) => a.Picoseconds == b.Picoseconds;
    /// <summary>Inequality.</summary>
    public static bool operator !=(SimTime a, SimTime b) => a.Picoseconds != b.Picoseconds;

    /// <summary>The larger of two times.</summary>
    public static SimTime Max(SimTime a, SimTime b) => a.Picoseconds >= b.Picoseconds ? a : b;
    /// <summary>The smaller of two times.</summary>
    public static SimTime Min(SimTime a, SimTime b) => a.Picoseconds <= b.Picoseconds ? a : b;

    /// <inheritdoc/>
    public bool Equals(SimTime other) => Picoseconds == other.Picoseconds;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SimTime t && Equals(t);
    /// <inheritdoc/>
    public override int GetHashCode() => Picoseconds.GetHashCode();
    /// <inheritdoc/>
    public int CompareTo(SimTime other) => Picoseconds.CompareTo(other.Picoseconds);

    private static readonly QuantityGrammar Grammar = new(
        "time", "ps, ns, us, ms, s", "90ns",
        [("ps", 1), ("ns", PsPerNs), ("us", PsPerUs), ("µs", PsPerUs), ("ms", PsPerMs), ("s", PsPerS)],
        "", "about 106 days", (text, _) => $"time '{text}' is finer than one picosecond", AllowNegative: true);

    /// <summary>
    /// Parses a time with a unit: <c>90ns</c>, <c>1.5us</c>, <c>10 ms</c>, <c>2s</c>, <c>250ps</c>.
    /// The value must be exact to the picosecond. A bare number is rejected: a unit is always required.
    /// </summary>
    /// <exception cref="FormatException">The text is not a number followed by ps, ns, us, ms or s.</exception>
    public static SimTime Parse(string text)
    {
        if (TryParse(text, out var t, out var error)) return t;
        throw new FormatException(error);
    }

    /// <summary>Parses like <see cref="Parse"/>, returning an explanation instead of throwing.</summary>
    public static bool TryParse(string? text, out SimTime value, out string error)
    {
        bool ok = QuantityText.TryParse(text, Grammar, out long ps, out error);
        value = ok ? new SimTime(ps) : default;
        return ok;
    }

    /// <summary>
    /// Formats with the largest unit that keeps the value exact (e.g. <c>90ns</c>, <c>1500ps</c> stays
    /// <c>1500ps</c> only if not a whole number of ns: <c>1.5ns</c>). Round-trips through <see cref="Parse"/>.
    /// </summary>
    public override string ToString()
    {
        long ps = Picoseconds;
        if (ps == 0) return "0s";
        ReadOnlySpan<(string, long)> ladder = [("s", PsPerS), ("ms", PsPerMs), ("us", PsPerUs), ("ns", PsPerNs)];
        foreach (var (unit, scale) in ladder)
        {
            if (Math.Abs(ps) >= scale)
            {
                decimal v = (decimal)ps / scale;
                return v.ToString("0.############", CultureInfo.InvariantCulture) + unit;
            }
        }
        return ps.ToString(CultureInfo.InvariantCulture) + "ps";
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
