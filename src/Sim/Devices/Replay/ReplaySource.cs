using IommuSim.Kernel;

namespace IommuSim.Devices.Replay;

/// <summary>
/// A trace file read one record at a time, whichever its format: a CSV of DMA records (optionally one device's rows)
/// or an ftrace text of iommu map and unmap events. Reopened from the start for a loop.
/// </summary>
internal sealed class ReplaySource : IDisposable
{
    private readonly string _path;
    private readonly TraceFormat _format;
    private readonly string _device;
    private TextReader? _text;
    private DmaTraceCsvReader? _csv;
    private FtraceIommuReader? _ftrace;

    public ReplaySource(string path, TraceFormat format, string device)
    {
        _path = path;
        _format = format;
        _device = device;
        Open();
    }

    /// <summary>Problems the reader found so far (it skips the rows they are on).</summary>
    public IReadOnlyList<TraceProblem> Problems => _csv?.Problems ?? _ftrace!.Problems;

    /// <summary>How many problems, all of them counted.</summary>
    public long ProblemCount => _csv?.ProblemCount ?? _ftrace!.ProblemCount;

    /// <summary>The next record; false at the end of the file.</summary>
    public bool Next(out SimTime time, out DmaTraceDirection kind, out ulong iova, out ulong size, out ulong paddr)
    {
        if (_csv is not null)
        {
            while (_csv.Read(out var r))
            {
                if (_device.Length > 0 && r.Device != _device) continue;
                (time, kind, iova, size, paddr) = (r.Time, r.Direction, r.Iova, (ulong)r.Size.Bytes, 0);
                return true;
            }
        }
        else if (_ftrace!.Read(out var e))
        {
            time = e.Timestamp;
            kind = e.Event == IommuTraceEventKind.Map ? DmaTraceDirection.Map : DmaTraceDirection.Unmap;
            (iova, size, paddr) = (e.Iova, e.Event == IommuTraceEventKind.Map ? e.Size : Math.Max(e.Size, e.UnmappedSize), e.PhysicalAddress);
            return true;
        }
        (time, kind, iova, size, paddr) = (SimTime.Zero, DmaTraceDirection.Read, 0, 0, 0);
        return false;
    }

    /// <summary>Starts again from the first record.</summary>
    public void Reopen()
    {
        Dispose();
        Open();
    }

    public void Dispose()
    {
        _text?.Dispose();
        _text = null;
    }

    private void Open()
    {
        _text = new LineLimitedReader(new StreamReader(_path));
        if (_format == TraceFormat.Csv) _csv = new DmaTraceCsvReader(_text);
        else _ftrace = new FtraceIommuReader(_text);
    }
}
