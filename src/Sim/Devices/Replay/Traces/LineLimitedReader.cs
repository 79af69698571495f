using System.Text;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Lines of a text at most <see cref="MaxLineChars"/> long: the rest of a longer line is read and dropped, so a file
/// without line ends (or a hostile one) cannot take the memory a whole line would; the reader finds the cut line bad.
/// </summary>
public sealed class LineLimitedReader : TextReader
{
    /// <summary>The longest line returned, in characters.</summary>
    public const int MaxLineChars = 1 << 16;

    private readonly TextReader _inner;
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _length;
    private int _position;

    /// <summary>Reads lines of <paramref name="inner"/>, which it disposes with itself.</summary>
    public LineLimitedReader(TextReader inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Lines that were longer than <see cref="MaxLineChars"/> and were cut.</summary>
    public long CutLines { get; private set; }

    /// <inheritdoc/>
    public override string? ReadLine()
    {
        _line.Clear();
        bool any = false, cut = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = _inner.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length <= 0)
                {
                    _length = 0;
                    return any ? Finish(cut) : null;
                }
            }
            any = true;
            char c = _buffer[_position++];
            if (c == '\n')
            {
                if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
                return Finish(cut);
            }
            if (_line.Length < MaxLineChars) _line.Append(c);
            else cut = true;
        }
    }

    private string Finish(bool cut)
    {
        if (cut) CutLines++;
        return _line.ToString();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
