using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Reads a CSV trace of DMA records one row at a time, in constant memory however long the file.
/// The first line (after blank lines and comments) is the header <c>time,device,iova,size,direction</c>, exactly;
/// each row then gives:
/// <list type="bullet">
/// <item><c>time</c>: a time with a unit as scenario files write it (<c>1.5us</c>, <c>200ns</c>, <c>0.25s</c>); a bare
/// number is an error, since its unit would be a guess. Not negative, and never less than the row before.</item>
/// <item><c>device</c>: the device's name, not empty.</item>
/// <item><c>iova</c>: the first IOVA in hexadecimal with its prefix (<c>0x1000</c>).</item>
/// <item><c>size</c>: bytes, a whole number (<c>4096</c>) or a size with a unit (<c>4KiB</c>); at least 1, and the range
/// must not pass the end of the 64-bit IOVA space.</item>
/// <item><c>direction</c>: <c>read</c> or <c>write</c> (a device DMA), <c>map</c> or <c>unmap</c> (the driver mapping or
/// unmapping the range).</item>
/// </list>
/// Fields are separated by commas (no quoting: names hold no commas) and may be padded with spaces. Text from '#' to
/// the end of a line is a comment; blank lines are skipped. A bad row is skipped and reported as a
/// <see cref="TraceProblem"/> at the offending field's column, never thrown.
/// </summary>
public sealed class DmaTraceCsvReader
{
    /// <summary>The header line, the columns in their order.</summary>
    public const string Header = "time,device,iova,size,direction";

    private const int Columns = 5;
    private static readonly string[] ColumnNames = ["time", "device", "iova", "size", "direction"];

    private readonly TextReader _reader;
    private readonly TraceProblemLog _problems = new();
    // One string per distinct device name, found from the field's span without allocating.
    private readonly Dictionary<string, string> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _deviceLookup;
    private bool _headerSeen, _finished;
    private long _headerLine;
    private SimTime _lastTime;
    private long _lastTimeLine;

    /// <summary>Reads from <paramref name="reader"/>, which stays the caller's to dispose.</summary>
    public DmaTraceCsvReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _deviceLookup = _devices.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Lines read so far.</summary>
    public long LinesRead { get; private set; }

    /// <summary>Rows returned so far.</summary>
    public long Records { get; private set; }

    /// <summary>The first problems found (at most 100), in file order.</summary>
    public IReadOnlyList<TraceProblem> Problems => _problems.First;

    /// <summary>Every problem found so far, including those not kept in <see cref="Problems"/>.</summary>
    public long ProblemCount => _problems.Count;

    /// <summary>
    /// Reads the next valid row into <paramref name="record"/>; false at the end of the file. Bad rows are skipped
    /// and counted in <see cref="ProblemCount"/>. At the end, a file without a header or without any row is a problem.
    /// </summary>
    public bool Read(out DmaTraceRecord record)
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            LinesRead++;
            var content = line.AsSpan();
            int hash = content.IndexOf('#');
            if (hash >= 0) content = content[..hash];
            if (content.IsWhiteSpace()) continue;
            if (!_headerSeen)
            {
                _headerSeen = true;
                _headerLine = LinesRead;
                CheckHeader(content);
                continue;
            }
            if (TryParseRow(content, out record))
            {
                Records++;
                return true;
            }
        }
        if (!_finished)
        {
            _finished = true;
            if (!_headerSeen)
                _problems.Add(1, 1, $"no header: expected the line '{Header}' and rows after it");
            else if (Records == 0 && _problems.Count == 0)
                _problems.Add(_headerLine, 1, "no rows after the header: a trace needs at least one record");
        }
        record = default;
        return false;
    }

    private void CheckHeader(ReadOnlySpan<char> content)
    {
        Span<Range> fields = stackalloc Range[Columns + 1];
        int n = content.Split(fields, ',');
        for (int k = 0; k < Math.Min(n, Columns); k++)
        {
            var name = Trimmed(content, fields[k], out int column);
            if (!name.SequenceEqual(ColumnNames[k]))
            {
                _problems.Add(LinesRead, column, $"expected header column '{ColumnNames[k]}' here, found '{name}': the header is exactly '{Header}'");
                return;
            }
        }
        if (n < Columns)
            _problems.Add(LinesRead, content.TrimEnd().Length + 1, $"missing header column '{ColumnNames[n]}': the header is exactly '{Header}'");
        else if (n > Columns)
        {
            var extra = Trimmed(content, fields[Columns], out int column);
            _problems.Add(LinesRead, column, $"extra header columns '{extra}': the header is exactly '{Header}'");
        }
    }

    private bool TryParseRow(ReadOnlySpan<char> content, out DmaTraceRecord record)
    {
        record = default;
        Span<Range> fields = stackalloc Range[Columns + 1];
        int n = content.Split(fields, ',');
        if (n < Columns)
        {
            _problems.Add(LinesRead, content.TrimEnd().Length + 1, $"missing field '{ColumnNames[n]}': a row has the fields {Header}");
            return false;
        }
        if (n > Columns)
        {
            var extra = Trimmed(content, fields[Columns], out int column);
            _problems.Add(LinesRead, column, $"extra field '{extra}': a row has the five fields {Header}");
            return false;
        }
        long problemsBefore = _problems.Count;
        var timeText = Trimmed(content, fields[0], out int timeColumn);
        if (!TraceFieldText.TryParseTime(timeText, out var time, out string timeError))
            _problems.Add(LinesRead, timeColumn, timeError);
        else if (time < SimTime.Zero)
            _problems.Add(LinesRead, timeColumn, $"time '{timeText}' is negative: trace times start at 0 or later");
        else if (time < _lastTime)
            _problems.Add(LinesRead, timeColumn, $"time {time} is before {_lastTime} on line {_lastTimeLine}: times must not decrease");

        var deviceText = Trimmed(content, fields[1], out int deviceColumn);
        string device = "";
        if (deviceText.IsEmpty)
            _problems.Add(LinesRead, deviceColumn, "expected a device name, found an empty field");
        else
            device = Intern(deviceText);

        var iovaText = Trimmed(content, fields[2], out int iovaColumn);
        bool iovaOk = TraceFieldText.TryParseHex(iovaText, out ulong iova);
        if (!iovaOk)
            _problems.Add(LinesRead, iovaColumn, $"expected an IOVA in hexadecimal with its prefix (e.g. 0x1000), up to 16 digits; found '{iovaText}'");

        var sizeText = Trimmed(content, fields[3], out int sizeColumn);
        if (!TraceFieldText.TryParseSize(sizeText, out var size, out string sizeError))
            _problems.Add(LinesRead, sizeColumn, sizeError);
        else if (size.Bytes == 0)
            _problems.Add(LinesRead, sizeColumn, "size is 0: a record covers at least 1 byte");
        else if (iovaOk && (ulong)size.Bytes - 1 > ulong.MaxValue - iova)
            _problems.Add(LinesRead, sizeColumn, $"the range 0x{iova:x} + {size.Bytes} bytes passes the end of the 64-bit IOVA space");

        var directionText = Trimmed(content, fields[4], out int directionColumn);
        if (!TryDirection(directionText, out var direction))
            _problems.Add(LinesRead, directionColumn, $"expected direction read, write, map or unmap; found '{directionText}'");

        if (_problems.Count != problemsBefore) return false;
        _lastTime = time;
        _lastTimeLine = LinesRead;
        record = new DmaTraceRecord(time, device, iova, size, direction, LinesRead);
        return true;
    }

    private string Intern(ReadOnlySpan<char> name)
    {
        if (_deviceLookup.TryGetValue(name, out string? known)) return known;
        string added = name.ToString();
        _devices.Add(added, added);
        return added;
    }

    private static bool TryDirection(ReadOnlySpan<char> text, out DmaTraceDirection direction)
    {
        switch (text)
        {
            case "read": direction = DmaTraceDirection.Read; return true;
            case "write": direction = DmaTraceDirection.Write; return true;
            case "map": direction = DmaTraceDirection.Map; return true;
            case "unmap": direction = DmaTraceDirection.Unmap; return true;
            default: direction = default; return false;
        }
    }

    // The field without its padding, and the 1-based column of its first character (of the end, when empty).
    private static ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> line, Range field, out int column)
    {
        var (start, length) = field.GetOffsetAndLength(line.Length);
        var raw = line.Slice(start, length);
        var text = raw.TrimStart();
        column = start + (raw.Length - text.Length) + 1;
        return text.TrimEnd();
    }
}
