using System.Globalization;

namespace IommuSim.Observe.Ftrace;

// Appends printf-style pieces to a caller's buffer without allocating; throws when the buffer is too small.
// Numbers are formatted by hand (digits written backwards, hex by nibble table): TryFormat with a format string
// parses the format on every call, and a trace line holds up to eight numbers. Negative decimals, which no line
// the model writes has, go through TryFormat so that they read exactly as before.
internal ref struct CharCursor(Span<char> buffer)
{
    private const string HexDigits = "0123456789abcdef";

    private readonly Span<char> _buffer = buffer;

    public int Length { get; private set; }

    // The unwritten part, for a writer that fills it itself and then calls Advance.
    public readonly Span<char> Free => _buffer[Length..];

    public void Advance(int count) => Length += count;

    public void Append(char c) => _buffer[Length++] = c;

    public void Append(scoped ReadOnlySpan<char> text)
    {
        text.CopyTo(_buffer[Length..]);
        Length += text.Length;
    }

    public void Pad(int count)
    {
        if (count <= 0) return;
        _buffer.Slice(Length, count).Fill(' ');
        Length += count;
    }

    // "%0Nllx" / "%0Nx": lowercase hex, at least minDigits digits (zero-padded), all the value needs.
    public void AppendHex(ulong value, int minDigits)
    {
        int digits = Math.Max(minDigits, HexLength(value));
        var into = _buffer.Slice(Length, digits);
        for (int i = digits - 1; i >= 0; i--)
        {
            into[i] = HexDigits[(int)(value & 0xf)];
            value >>= 4;
        }
        Length += digits;
    }

    // "%d" / "%zu" / "%lu" of an unsigned value.
    public void AppendDecimal(ulong value) => AppendDigits(value, DecimalLength(value));

    // "%0Nd" (format "DN" when minDigits is N; "%d" when it is 0 or 1).
    public void AppendDecimal(long value, int minDigits)
    {
        if (value < 0)
        {
            AppendFormatted(value, minDigits > 1 ? "D" + minDigits.ToString(CultureInfo.InvariantCulture) : default);
            return;
        }
        AppendDigits((ulong)value, Math.Max(minDigits, DecimalLength((ulong)value)));
    }

    // "%Ns": right-aligned in width (never cut); "%-Nd": left-aligned.
    public void AppendRight(scoped ReadOnlySpan<char> text, int width)
    {
        Pad(width - text.Length);
        Append(text);
    }

    public void AppendLeft(long value, int width)
    {
        int start = Length;
        AppendDecimal(value, 0);
        Pad(width - (Length - start));
    }

    public void AppendRight(long value, int width)
    {
        if (value < 0)
        {
            Span<char> digits = stackalloc char[24];
            value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            AppendRight(digits[..written], width);
            return;
        }
        int length = DecimalLength((ulong)value);
        Pad(width - length);
        AppendDigits((ulong)value, length);
    }

    // Writes value's last `digits` decimal digits, leading zeros included.
    private void AppendDigits(ulong value, int digits)
    {
        var into = _buffer.Slice(Length, digits);
        for (int i = digits - 1; i >= 0; i--)
        {
            ulong next = value / 10;
            into[i] = (char)('0' + (int)(value - next * 10));
            value = next;
        }
        Length += digits;
    }

    private void AppendFormatted(long value, ReadOnlySpan<char> format)
    {
        if (!value.TryFormat(_buffer[Length..], out int written, format, CultureInfo.InvariantCulture))
            throw new ArgumentException("the line buffer is too small");
        Length += written;
    }

    private static int HexLength(ulong value) => value == 0 ? 1 : (67 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 4;

    private static int DecimalLength(ulong value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
