namespace IommuSim.Devices.Replay;

/// <summary>A position in one trace line, read left to right; columns are 1-based.</summary>
internal ref struct TraceLineCursor
{
    private readonly ReadOnlySpan<char> _line;

    /// <summary>Starts at <paramref name="start"/> (0-based) in <paramref name="line"/>.</summary>
    public TraceLineCursor(ReadOnlySpan<char> line, int start)
    {
        _line = line;
        Position = start;
    }

    /// <summary>The 0-based index of the next character.</summary>
    public int Position { get; private set; }

    /// <summary>The 1-based column of the next character (one past the end at the end).</summary>
    public readonly int Column => Position + 1;

    /// <summary>True when only spaces remain.</summary>
    public readonly bool AtEnd => _line[Position..].IsWhiteSpace();

    /// <summary>Skips spaces and tabs.</summary>
    public void SkipSpaces()
    {
        while (Position < _line.Length && char.IsWhiteSpace(_line[Position])) Position++;
    }

    /// <summary>Reads up to the next space (or the end), after skipping spaces; <paramref name="column"/> is where it starts.</summary>
    public ReadOnlySpan<char> Token(out int column)
    {
        SkipSpaces();
        column = Column;
        int start = Position;
        while (Position < _line.Length && !char.IsWhiteSpace(_line[Position])) Position++;
        return _line[start..Position];
    }

    /// <summary>Consumes <paramref name="literal"/> if the line goes on with it.</summary>
    public bool Skip(ReadOnlySpan<char> literal)
    {
        if (!_line[Position..].StartsWith(literal, StringComparison.Ordinal)) return false;
        Position += literal.Length;
        return true;
    }
}
