namespace IommuSim.Observe.TraceDat;

/// <summary>
/// One CPU's trace data while the trace is written: the page being filled in memory, sealed pages in a temporary
/// file deleted on close. Memory stays one page per CPU however many events arrive.
/// </summary>
internal sealed class CpuPageSpool : IDisposable
{
    private readonly RingBufferPage _page = new();
    private readonly FileStream _file;
    private long _last = long.MinValue;

    public CpuPageSpool(string directory)
    {
        // Unbuffered: whole pages go straight to the file, so writing one allocates nothing.
        _file = new FileStream(Path.Combine(directory, "iommusim-" + Guid.NewGuid().ToString("N") + ".cpu"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
    }

    /// <summary>Bytes of sealed pages; all of them once <see cref="Finish"/> has run.</summary>
    public long Length => _file.Length;

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
            _file.Write(_page.Seal(padTail: true));
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
            _file.Write(_page.Seal(padTail: false));
            _page.Reset();
        }
        _file.Position = 0;
    }

    /// <summary>The sealed pages, from the start, once <see cref="Finish"/> has run.</summary>
    public Stream Pages => _file;

    public void Dispose() => _file.Dispose();
}
