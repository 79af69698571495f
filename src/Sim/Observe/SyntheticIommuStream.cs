using IommuSim.Kernel;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Observe;

/// <summary>Which event <see cref="SyntheticIommuStream.Advance"/> produced.</summary>
internal enum SyntheticEventKind : byte
{
    Map,
    Unmap,
    IoPageFault,
}

/// <summary>
/// A deterministic stream of iommu events shaped like a busy NIC's: on 4 CPUs, maps and unmaps of 4 KiB to
/// 64 KiB at increasing IOVAs (each CPU unmapping its oldest buffer once 8 to 16 are in flight), a few hundred
/// nanoseconds apart, in NAPI softirq or a task's context, and an io_page_fault every 65,536 events. A value
/// type with fixed arrays, so producing an event allocates nothing.
/// </summary>
internal struct SyntheticIommuStream
{
    /// <summary>CPUs the events are spread over.</summary>
    public const int Cpus = 4;

    /// <summary>Pid of CPU <c>n</c>'s task context is this plus <c>n</c>.</summary>
    public const int TaskPidBase = 3100;

    /// <summary>The task context's command name.</summary>
    public const string TaskComm = "iperf3";

    private const int InFlight = 16;
    private const int FaultEvery = 65_536;

    private static readonly TraceContext[] Contexts = BuildContexts();
    private static readonly TraceContext FaultCpuContext = TraceContext.HardIrq(0);

    private readonly ulong[] _iova;
    private readonly ulong[] _size;
    private readonly int[] _head;
    private readonly int[] _count;
    private ulong _state;
    private ulong _nextIova;
    private long _timePs;
    private long _produced;

    /// <summary>A stream from <paramref name="seed"/>, starting at 100 s of uptime.</summary>
    public SyntheticIommuStream(ulong seed)
    {
        _iova = new ulong[Cpus * InFlight];
        _size = new ulong[Cpus * InFlight];
        _head = new int[Cpus];
        _count = new int[Cpus];
        _state = seed | 1;
        _nextIova = 0x10_0000;
        _timePs = SimTime.FromSeconds(100).Picoseconds;
        _produced = 0;
        Kind = SyntheticEventKind.Map;
        Map = default;
        Unmap = default;
        Fault = default;
        Context = default;
    }

    /// <summary>The kind of the current event.</summary>
    public SyntheticEventKind Kind { get; private set; }

    /// <summary>The current event when it is a map.</summary>
    public MapEvent Map { get; private set; }

    /// <summary>The current event when it is an unmap.</summary>
    public UnmapEvent Unmap { get; private set; }

    /// <summary>The current event when it is a fault.</summary>
    public IoPageFaultEvent Fault { get; private set; }

    /// <summary>The current event's context (its CPU included).</summary>
    public TraceContext Context { get; private set; }

    /// <summary>The current event's timestamp in nanoseconds.</summary>
    public readonly long TimestampNs => _timePs / SimTime.PsPerNs;

    /// <summary>Every pid a context of the stream uses, with its command name.</summary>
    public static IEnumerable<(int Pid, string Comm)> TaskPids()
    {
        for (int cpu = 0; cpu < Cpus; cpu++) yield return (TaskPidBase + cpu, TaskComm);
    }

    /// <summary>Moves to the next event.</summary>
    public void Advance()
    {
        ulong r = Next();
        // 100 to 499 ns after the previous event: a few million events per simulated second.
        _timePs += (100 + (long)((r >> 40) % 400)) * SimTime.PsPerNs;
        var time = SimTime.FromPicoseconds(_timePs);
        _produced++;
        if (_produced % FaultEvery == 0)
        {
            Kind = SyntheticEventKind.IoPageFault;
            Context = FaultCpuContext;
            // An address below every mapping: never mapped.
            Fault = new IoPageFaultEvent(time, "0000:3b:00.0", "mlx5_core", 0x1000 + ((r >> 8) & 0xff) * 0x1000, 0x20);
            return;
        }
        int cpu = (int)(r & (Cpus - 1));
        Context = Contexts[cpu * 2 + (int)((r >> 2) & 1)];
        int count = _count[cpu];
        bool map = count < InFlight / 2 || (count < InFlight && ((r >> 3) & 1) == 0);
        if (map)
        {
            ulong size = 4096UL << (int)((r >> 4) % 5);
            ulong iova = (_nextIova + size - 1) & ~(size - 1);
            _nextIova = iova + size;
            int slot = cpu * InFlight + (_head[cpu] + count) % InFlight;
            _iova[slot] = iova;
            _size[slot] = size;
            _count[cpu] = count + 1;
            ulong paddr = 0x1_0000_0000UL + (((r >> 16) & 0xf_ffff) << 12);
            Kind = SyntheticEventKind.Map;
            Map = new MapEvent(time, iova, paddr, size, cpu);
        }
        else
        {
            int slot = cpu * InFlight + _head[cpu];
            _head[cpu] = (_head[cpu] + 1) % InFlight;
            _count[cpu] = count - 1;
            Kind = SyntheticEventKind.Unmap;
            Unmap = new UnmapEvent(time, _iova[slot], _size[slot], _size[slot], cpu);
        }
    }

    // xorshift64*: cheap and deterministic; quality is not at stake here.
    private ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    private static TraceContext[] BuildContexts()
    {
        var contexts = new TraceContext[Cpus * 2];
        for (int cpu = 0; cpu < Cpus; cpu++)
        {
            contexts[cpu * 2] = TraceContext.NapiSoftIrq(cpu);
            contexts[cpu * 2 + 1] = TraceContext.Task(TaskComm, TaskPidBase + cpu, cpu);
        }
        return contexts;
    }
}
