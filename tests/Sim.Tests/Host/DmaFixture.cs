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

    public void InvalidateRange(Domain domain, ulong iova, ulong size, Action<object?, long> onComplete, object? state, long token)
    {
        Calls.Add(("range", iova, size, sim.Now));
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
    public void OnMap(Domain domain, ulong iova, ulong paddr, ulong size) => Maps.Add((iova, paddr, size));
    public void OnUnmap(Domain domain, ulong iova, ulong size, ulong unmappedSize) => Unmaps.Add((iova, size, unmappedSize));
}

/// <summary>A host with one DMA API, round-number costs and an invalidator of fixed latency.</summary>
internal sealed class DmaFixture
{
    public const ulong Mask32 = 0xFFFF_FFFF;
    public const ulong Mask64 = ulong.MaxValue;

    /// <summary>2 GHz, so 1000 cycles are 500 ns; no tree or flush extras unless a test sets them.</summary>
    public static readonly DmaCostParams RoundCosts = new()
    {
        CpuFrequencyGhz = 2, MapCycles = 1000, IovaTreeCycles = 0, UnmapCycles = 1000, SgSegmentCycles = 100,
        FlushCycles = 0, MemcpyBytesPerCycle = 4,
    };

    private readonly TablePageAllocator _tables = new(0x40_0000_0000, ByteSize.FromMiB(64));
    private int _nextDomainId = 1;

    public DmaFixture(HostMode mode, DmaApiParams? parameters = null, int cpus = 2, long latencyNs = 1000)
    {
        Invalidator = new FixedLatencyInvalidator(Sim, SimTime.FromNanoseconds(latencyNs));
        Api = new DmaApi(Sim, mode, parameters ?? new DmaApiParams { Costs = RoundCosts }, cpus, Invalidator)
        {
            Observer = Observer,
        };
    }

    public Simulation Sim { get; } = new();
    public FixedLatencyInvalidator Invalidator { get; }
    public RecordingObserver Observer { get; } = new();
    public DmaApi Api { get; }

    public Domain NewDomain(DomainType type) => new(_nextDomainId++, type, PageTableFormat.FourLevel, _tables);

    public DmaDevice Device(DomainType type, ulong mask = Mask32, uint maxSegment = DmaApi.DefaultMaxSegmentSize) =>
        Api.AttachDevice("0000:01:00.0", NewDomain(type), mask, maxSegmentSize: maxSegment);

    public ulong Map(DmaDevice device, ulong paddr, ulong size, int cpu = 0)
    {
        Assert.True(Api.TryMapSingle(device, cpu, paddr, size, DmaDataDirection.FromDevice, out var dma, out _));
        return dma;
    }
}
