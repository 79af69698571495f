namespace IommuSim.Observe.TraceDat;

/// <summary>
/// One CPU's trace data while the trace is written: the page being filled in memory, sealed pages gathered a
/// few at a time and written to a temporary file deleted on close. Memory stays a fixed few pages per CPU however
/// many events arrive.
/// </summary>
internal sealed class CpuPageSpool : IDisposable
{
    // All CPUs' gathered pages together take at most this many (1 MiB), so that a trace of thousands of CPUs costs
    // no more memory than one page each, as before gathering.
    private const int GatheredPagesBudget = 256;

    // One write per 16 pages (64 KiB) rather than per page: the system call, not the copy, was the cost.
    private const int MaxPagesPerWrite = 16;

    private readonly RingBufferPage _page = new();
    private readonly byte[] _sealed;
    private readonly FileStream _file;
    private int _sealedBytes;
    private long _last = long.MinValue;

    /// <summary>Sealed pages written at once by each of <paramref name="cpus"/> spools, within the memory budget.</summary>
    public static int PagesPerWrite(int cpus) => Math.Clamp(GatheredPagesBudget / Math.Max(1, cpus), 1, MaxPagesPerWrite);

    public CpuPageSpool(string directory, int pagesPerWrite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pagesPerWrite, 1);
        _sealed = new byte[pagesPerWrite * RingBufferLayout.PageSize];
        // Unbuffered: whole batches of pages go straight to the file, so writing allocates nothing.
        _file = new FileStream(Path.Combine(directory, "iommusim-" + Guid.NewGuid().ToString("N") + ".cpu"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
    }

    /// <summary>Bytes of sealed pages; all of them once <see cref="Finish"/> has run.</summary>
    public long Length => _file.Length + _sealedBytes;

    /// <summary>Appends one event; timestamps (ns) must not decrease.</summary>
    public void Append(long timestamp, ReadOnlySpan<byte> payload)
    {
        if (timestamp < 0) throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "a timestamp is at least 0 ns");
        if (timestamp < _last)
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, $"timestamps on a CPU must not decrease (previous {_last} ns)");
        if (payload.Length == 0) throw new ArgumentException("an event has at least its common fields", nameof(payload));
        // Room for the event and a time extend before it, on an otherwise empty page.
        if (RingBufferPage.EventSize(payload.Length) + 8 > RingBufferLayout.DataSize)
            throw new ArgumentException($"an event of {payload.Length} bytes does not fit a ring-buffer page", nameof(payload));
        if (!_page.TryAppend(timestamp, payload))
        {
            Keep(_page.Seal(padTail: true));
            _page.Reset();
            _page.TryAppend(timestamp, payload);
        }
        _last = timestamp;
    }

    /// <summary>Seals the last page and rewinds the file for copying.</summary>
    public void Finish()
    {
        if (_page.Events > 0)
        {
            Keep(_page.Seal(padTail: false));
            _page.Reset();
        }
        WriteSealed();
        _file.Position = 0;
    }

    /// <summary>The sealed pages, from the start, once <see cref="Finish"/> has run.</summary>
    public Stream Pages => _file;

    public void Dispose() => _file.Dispose();

    private void Keep(ReadOnlySpan<byte> page)
    {
        page.CopyTo(_sealed.AsSpan(_sealedBytes));
        _sealedBytes += page.Length;
        if (_sealedBytes == _sealed.Length) WriteSealed();
    }

    private void WriteSealed()
    {
        _file.Write(_sealed, 0, _sealedBytes);
        _sealedBytes = 0;
    }
}
