using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Iommu;

/// <summary>
/// A unit's fault reporting: counts by kind, the fault-recording log that software reads (and that overflows
/// when full, as VT-d's primary fault log does), and the <c>io_page_fault</c> trace events.
/// </summary>
internal sealed class FaultRecorder
{
    private readonly long[] _byKind = new long[Enum.GetValues<IoFaultKind>().Length];
    private readonly List<IoPageFault> _log;
    private readonly int _capacity;
    private readonly IommuTrace _trace;

    public FaultRecorder(int capacity, IommuTrace trace)
    {
        _capacity = capacity;
        _log = new List<IoPageFault>(capacity);
        _trace = trace;
    }

    public long Count { get; private set; }
    public long Overflows { get; private set; }
    public IReadOnlyList<IoPageFault> Log => _log;
    public long CountOf(IoFaultKind kind) => _byKind[(int)kind];
    public void ClearLog() => _log.Clear();

    public void ResetCounters()
    {
        Count = 0;
        Array.Clear(_byKind);
    }

    /// <summary>Records a failed translation at <paramref name="now"/>; <paramref name="device"/> names it in the trace.</summary>
    public void Record(in Translation translation, SimTime now, DeviceSlot device)
    {
        Count++;
        _byKind[(int)translation.Fault]++;
        var record = new IoPageFault(now, translation.RequesterId, translation.DomainId, translation.Iova, translation.Access, translation.Fault);
        if (_log.Count < _capacity) _log.Add(record);
        else Overflows++;
        if (_trace.IoPageFault.IsConnected)
            _trace.IoPageFault.Emit(new IoPageFaultEvent(record.Time, device.Name, device.Driver, record.Iova, record.Flags));
    }
}
