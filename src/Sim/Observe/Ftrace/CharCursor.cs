namespace IommuSim.Observe.Ftrace;

// Appends printf-style pieces to a caller's buffer without allocating; throws when the buffer is too small.
internal ref struct CharCursor(Span<char> buffer)
{
    private readonly Span<char> _buffer = buffer;

    public int Length { get; private set; }

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

    // "%0Nllx" / "%0Nx" (format "x16", "x4") and "%d" / "%zu" / "%03d" (format "", "D3").
    public void Append(ulong value, ReadOnlySpan<char> format)
    {
        if (!value.TryFormat(_buffer[Length..], out int written, format, System.Globalization.CultureInfo.InvariantCulture))
            throw new ArgumentException("the line buffer is too small");
        Length += written;
    }

    public void Append(long value, ReadOnlySpan<char> format)
    {
        if (!value.TryFormat(_buffer[Length..], out int written, format, System.Globalization.CultureInfo.InvariantCulture))
            throw new ArgumentException("the line buffer is too small");
        Length += written;
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
        Append(value, default);
        Pad(width - (Length - start));
    }

    public void AppendRight(long value, int width)
    {
        Span<char> digits = stackalloc char[24];
        value.TryFormat(digits, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        AppendRight(digits[..written], width);
    }
}
