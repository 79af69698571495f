using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Host;

/// <summary>An IOTLB that completes every invalidation a fixed latency after it is issued, and logs them.</summary>
internal sealed class FixedLatencyInvalidator(Simulation sim, SimTime latency) : IIotlbInvalidator
{
    public readonly List<(string Kind, ulong Iova, ulong Size, SimTime At)> Calls = new();

    public readonly List<bool> LeafOnly = new();

    public void InvalidateRange(Domain domain, ulong iova, ulong size, bool leafOnly, Action<object?, long> onComplete, object? state, long token)
    {
        Calls.Add(("range", iova, size, sim.Now));
        LeafOnly.Add(leafOnly);
        sim.Schedule(latency, _ => onComplete(state, token), null);
    }

    public void InvalidateDomain(Domain domain, Action<object?, long> onComplete, object? state, long token)
    {
        Calls.Add(("domain", 0, 0, sim.Now));
        sim.Schedule(latency, _ => onComplete(state, token), null);
    }
}

/// <summary>Keeps every map and unmap the DMA layer reports.</summary>
internal sealed class RecordingObserver : IDmaMapObserver
{
    public readonly List<(ulong Iova, ulong Paddr, ulong Size)> Maps = new();
    public readonly List<(ulong Iova, ulong Size, ulong Unmapped)> Unmaps = new();
    public readonly List<(string Device, int Cpu)> Callers = new();
    public void OnMap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong paddr, ulong size)
    {
        Maps.Add((iova, paddr, size));
        Callers.Add((device.Name, cpu));
    }
    public void OnUnmap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong size, ulong unmappedSize)
    {
        Unmaps.Add((iova, size, unmappedSize));
        Callers.Add((device.Name, cpu));
    }
}

/// <summary>
/// A host with one DMA API, round-number costs and an invalidator of fixed latency, and the calls a driver
/// makes on a CPU it holds: at once (<see cref="OnCpu{T}"/>, the CPU time not held) or in turn, holding the CPU
/// for the call's cost or until its return (<see cref="MapInTurn"/>, <see cref="UnmapInTurn"/>).
/// </summary>
internal sealed class DmaFixture
{
    public const ulong Mask32 = 0xFFFF_FFFF;
    public const ulong Mask64 = ulong.MaxValue;

    /// <summary>2 GHz, so 1000 cycles are 500 ns; no tree or flush extras unless a test sets them.</summary>
    public static readonly DmaCostParams RoundCosts = new()
    {
        CpuFrequencyGhz = 2, MapCycles = 1000, IovaTreeCycles = 0, UnmapCycles = 1000, SgSegmentCycles = 100,
        FlushCycles = 0, MemcpyBytesPerCycle = 4, InterruptCycles = 0,
    };

    private readonly TablePageAllocator _tables = new(0x40_0000_0000, ByteSize.FromMiB(64));
    private int _nextDomainId = 1;

    public DmaFixture(HostMode mode, DmaApiParams? parameters = null, int cpus = 2, long latencyNs = 1000)
    {
        Invalidator = new FixedLatencyInvalidator(Sim, SimTime.FromNanoseconds(latencyNs));
        Cpus = new HostCpus(Sim, cpus);
        Api = new DmaApi(Sim, mode, parameters ?? new DmaApiParams { Costs = RoundCosts }, Cpus, Invalidator)
        {
            Observer = Observer,
        };
    }

    public Simulation Sim { get; } = new();
    public HostCpus Cpus { get; }
    public FixedLatencyInvalidator Invalidator { get; }
    public RecordingObserver Observer { get; } = new();
    public DmaApi Api { get; }

    public Domain NewDomain(DomainType type) => new(_nextDomainId++, type, PageTableFormat.FourLevel, _tables);

    public DmaDevice Device(DomainType type, ulong mask = Mask32, uint maxSegment = DmaApi.DefaultMaxSegmentSize) =>
        Api.AttachDevice("0000:01:00.0", NewDomain(type), mask, maxSegmentSize: maxSegment);

    /// <summary>Takes <paramref name="cpu"/> for the rest of the test: the test is driver code running on it.</summary>
    public void Hold(int cpu = 0) => Assert.True(Cpus[cpu].TryAcquire(), $"CPU {cpu} is busy");

    /// <summary>Runs <paramref name="call"/> on <paramref name="cpu"/>: free, it is taken and freed at once; held
    /// by the test (<see cref="Hold"/>), the call just runs.</summary>
    public T OnCpu<T>(int cpu, Func<T> call)
    {
        bool took = Cpus[cpu].TryAcquire();
        Assert.True(took || Cpus[cpu].IsHeld, $"CPU {cpu} is busy");
        try { return call(); }
        finally { if (took) Cpus[cpu].Release(); }
    }

    /// <summary>Maps at once (setup: its CPU time is not held).</summary>
    public ulong Map(DmaDevice device, ulong paddr, ulong size, int cpu = 0) => OnCpu(cpu, () =>
    {
        Assert.True(Api.TryMapSingle(device, cpu, paddr, size, DmaDataDirection.FromDevice, out var dma, out _));
        return dma;
    });

    /// <summary>Maps when <paramref name="cpu"/> is next free (task context), holding it for the call's cost;
    /// <paramref name="returned"/> gets the address (0 on failure) and the time the call returned.</summary>
    public void MapInTurn(DmaDevice device, ulong paddr, ulong size, int cpu, DmaDataDirection direction,
        Action<ulong, SimTime>? returned = null)
    {
        Cpus[cpu].Acquire(CpuContext.Task, (_, _) =>
        {
            Api.TryMapSingle(device, cpu, paddr, size, direction, out var dma, out var cost);
            Sim.Schedule(cost, _ =>
            {
                Cpus[cpu].Release();
                returned?.Invoke(dma, Sim.Now);
            }, null);
        }, null, 0);
    }

    /// <summary>Unmaps when <paramref name="cpu"/> is next free, holding it until the call returns at the time
    /// <paramref name="returned"/> gets.</summary>
    public void UnmapInTurn(DmaDevice device, ulong dma, ulong size, int cpu = 0, Action<SimTime>? returned = null,
        DmaDataDirection direction = DmaDataDirection.FromDevice, CpuContext context = CpuContext.Task)
    {
        Cpus[cpu].Acquire(context, (_, _) => Api.UnmapSingle(device, cpu, dma, size, direction, (_, _) =>
        {
            Cpus[cpu].Release();
            returned?.Invoke(Sim.Now);
        }, null, 0), null, 0);
    }
}
