using System.Globalization;
using IommuSim.Devices;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Model.Spec;
using IommuSim.Observe;

namespace IommuSim.Model;

/// <summary>
/// The assembled system of one replication: the simulation, the IOMMU, each device's domain with its
/// working set mapped, and the devices. Built from a <see cref="ScenarioSpec"/>; <see cref="Run"/>
/// returns the figures. Writes no files.
/// </summary>
public sealed class SystemModel
{
    // Physical memory layout: page tables from 4 GiB, device buffers from 64 GiB; far apart so a
    // translation bug that lands in the wrong region is visible in addresses.
    private const ulong TableBase = 4UL << 30;
    private const ulong BufferBase = 64UL << 30;
    private const ulong CacheLine = 64;

    private readonly ScenarioSpec _spec;
    private readonly List<DmaStreamDevice> _devices = [];

    /// <summary>Builds the system for replication <paramref name="replication"/> of <paramref name="spec"/>.</summary>
    public SystemModel(ScenarioSpec spec, int replication)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        Replication = replication;
        Streams = new RandomStreams(spec.Run.Seed).Derive("replication-" + replication.ToString(CultureInfo.InvariantCulture));
        Simulation = new Simulation();
        Trace = new IommuTrace();
        var mode = spec.Host.Mode;
        if (mode != HostMode.Off)
            Iommu = new TranslationUnit(Simulation, spec.Platform.Iommu, spec.Platform.Memory, Streams, "iommu0", Trace);
        var format = spec.Platform.Iommu.ToPageTableFormat();
        var tables = new TablePageAllocator(TableBase, Units.ByteSize.FromGiB(4));
        ulong nextPhysical = BufferBase;
        for (int i = 0; i < spec.Devices.Count; i++)
        {
            var device = (DmaStreamSpec)spec.Devices[i];
            ushort rid = RequesterIdOf(device, i);
            // Buffers are packed at cache-line-aligned strides inside a region that the driver maps in
            // chunks of page_size (one map call each), as a page_pool of order-0 pages or of huge pages does.
            ulong page = (ulong)device.PageSize.Bytes;
            ulong stride = AlignUp((ulong)device.BufferSize.Bytes, CacheLine);
            ulong region = AlignUp(stride * (ulong)device.Buffers, page);
            nextPhysical = AlignUp(nextPhysical, page);
            ulong physicalBase = nextPhysical;
            nextPhysical += region;
            ulong dmaBase = physicalBase;
            if (Iommu is not null)
            {
                var type = mode switch
                {
                    HostMode.Passthrough => DomainType.Identity,
                    HostMode.Strict => DomainType.DmaStrict,
                    _ => DomainType.DmaLazy,
                };
                var domain = new Domain(i + 1, type, format, tables);
                if (domain.PageTable is not null)
                {
                    // Top-down below the address width, as Linux's IOVA allocator places a 64-bit device's
                    // buffers (drivers/iommu/iova.c allocates from the top of the allowed range).
                    dmaBase = AlignDown(format.AddressLimit - region, page);
                    var iommuDomain = new IommuDomain(domain, Simulation, Trace);
                    for (ulong offset = 0; offset < region; offset += page)
                        iommuDomain.Map(dmaBase + offset, physicalBase + offset, page, Permissions.ReadWrite);
                    TablePages += domain.PageTable.TablePages;
                }
                Iommu.Attach(rid, domain, FormatBdf(rid), "dma-stream");
            }
            _devices.Add(new DmaStreamDevice(Simulation, device, rid, Iommu, dmaBase, stride,
                spec.Platform.Memory.DramLatency, Streams.Derive("device/" + device.Name)));
        }
    }

    /// <summary>The replication index.</summary>
    public int Replication { get; }

    /// <summary>This replication's random-stream family.</summary>
    public RandomStreams Streams { get; }

    /// <summary>The simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>The IOMMU trace sources (map, unmap, io_page_fault); connect sinks before <see cref="Run"/>.</summary>
    public IommuTrace Trace { get; }

    /// <summary>The IOMMU, or null when the host mode is off.</summary>
    public TranslationUnit? Iommu { get; }

    /// <summary>The devices, in scenario order.</summary>
    public IReadOnlyList<DmaStreamDevice> Devices => _devices;

    /// <summary>Page-table pages of all domains after the working sets were mapped.</summary>
    public long TablePages { get; }

    /// <summary>
    /// Runs warm-up, clears statistics, runs the measured duration and returns the figures.
    /// <paramref name="progress"/> gets the simulated time about a hundred times per run.
    /// </summary>
    public RunResult Run(string variant, IProgress<SimTime>? progress = null, CancellationToken cancellationToken = default)
    {
        foreach (var d in _devices) d.Start();
        var warmup = _spec.Run.Warmup;
        var end = warmup + _spec.Run.Duration;
        RunInSteps(warmup, end, progress, cancellationToken);
        foreach (var d in _devices) d.ResetStatistics();
        Iommu?.ResetCounters();
        RunInSteps(end, end, progress, cancellationToken);
        return Collect(variant);
    }

    private void RunInSteps(SimTime until, SimTime end, IProgress<SimTime>? progress, CancellationToken token)
    {
        var step = new SimTime(Math.Max(1, end.Picoseconds / 100));
        while (Simulation.Now < until)
        {
            token.ThrowIfCancellationRequested();
            Simulation.Run(SimTime.Min(until, Simulation.Now + step));
            progress?.Report(Simulation.Now);
        }
    }

    private RunResult Collect(string variant)
    {
        var duration = _spec.Run.Duration;
        double seconds = duration.TotalSeconds;
        var all = new LogLinearHistogram();
        var metrics = new List<LatencyMetric>();
        long transactions = 0, bytes = 0;
        double offered = 0;
        foreach (var d in _devices)
        {
            all.Merge(d.DmaLatency);
            metrics.Add(new LatencyMetric(d.Name, "dma", d.DmaLatency));
            if (Iommu is not null) metrics.Add(new LatencyMetric(d.Name, "translation", d.TranslationLatency));
            transactions += d.Completed;
            bytes += d.BytesCompleted;
            offered += ((DmaStreamSpec)_spec.Devices[_devices.IndexOf(d)]).Rate.BitsPerSecond;
        }
        var overall = new LatencyMetric("all", "dma", all);
        metrics.Insert(0, overall);
        return new RunResult
        {
            Variant = variant,
            Replication = Replication,
            Seed = _spec.Run.Seed,
            MeasuredTime = duration,
            OfferedGbps = offered / 1e9,
            AchievedGbps = bytes * 8.0 / seconds / 1e9,
            DmaTransactions = transactions,
            IotlbHits = Iommu?.Iotlb.Hits ?? 0,
            IotlbMisses = Iommu?.Iotlb.Misses ?? 0,
            PageWalks = Iommu?.Walkers.Walks ?? 0,
            IoPageFaults = Iommu?.Faults ?? 0,
            Interrupts = 0,
            CpuUtilisation = 0,
            Latency = overall,
            Metrics = metrics,
        };
    }

    private static ushort RequesterIdOf(DmaStreamSpec device, int index)
    {
        if (string.IsNullOrEmpty(device.Bdf)) return (ushort)((index + 1) << 8);
        var parts = device.Bdf.Split(':', '.');
        if (parts.Length != 4) throw new ArgumentException($"device {device.Name}: bdf '{device.Bdf}' is not segment:bus:device.function");
        int bus = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int dev = int.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int fn = int.Parse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (ushort)(bus << 8 | dev << 3 | fn);
    }

    private static string FormatBdf(ushort rid) =>
        string.Create(CultureInfo.InvariantCulture, $"0000:{rid >> 8:x2}:{(rid >> 3) & 0x1f:x2}.{rid & 7:x}");

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    private static ulong AlignDown(ulong value, ulong alignment) => value / alignment * alignment;
}
