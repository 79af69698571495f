using System.Globalization;
using IommuSim.Devices;
using IommuSim.Host;
using IommuSim.Host.Vfio;
using IommuSim.Iommu;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Model.Spec;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;
using IommuSim.Platform;

namespace IommuSim.Model;

/// <summary>
/// The assembled system of one replication: the platform booted as Linux would (groups, default
/// domains), one translation unit, invalidation queue and interrupt-remapping unit per IOMMU unit, the
/// host's DMA API, VMs with their assigned functions, and the workload devices with their buffers
/// mapped. Built from a <see cref="ScenarioSpec"/>; <see cref="Run"/> returns the figures. Writes no files.
/// </summary>
public sealed class SystemModel
{
    // The guest's vector for the device: the first external vector (Linux FIRST_EXTERNAL_VECTOR + 1).
    private const byte GuestVector = 0x21;

    private readonly ScenarioSpec _spec;
    private readonly List<IWorkloadDevice> _devices = [];
    private readonly List<TranslationUnit> _units = [];
    private readonly List<RunCollector.UnitParts> _parts = [];
    private readonly DomainInvalidators _invalidators = new();
    private int[] _iotlbAtStart = [];
    private RunCollector.Halfway[] _halfway = [];
    private readonly List<string> _warnings = [];
    private readonly RunTrace? _runTrace;

    /// <summary>
    /// Builds the system for replication <paramref name="replication"/> of <paramref name="spec"/>; with
    /// <paramref name="trace"/>, every iommu event from boot on goes to it, with its context (see <see cref="RunTrace"/>).
    /// </summary>
    /// <exception cref="VfioException">A VM's assignment is refused (the message names the errno and cause).</exception>
    public SystemModel(ScenarioSpec spec, int replication, ITraceRecorder? trace = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        Replication = replication;
        Streams = new RandomStreams(spec.Run.Seed).Derive("replication-" + replication.ToString(CultureInfo.InvariantCulture));
        Simulation = new Simulation();
        Trace = new IommuTrace();
        var iommu = spec.Platform.Iommu;
        var memory = spec.Platform.Memory;
        // Page tables from 4 GiB, buffers from 64 GiB, VM RAM from 1 TiB: far apart, so a translation that
        // lands in the wrong region shows in its address.
        Boot = ScenarioBoot.Boot(spec);
        Cpus = new HostCpus(Simulation, spec.Host.Cpus);
        if (trace is not null)
        {
            _runTrace = new RunTrace(trace, spec, Boot, Cpus);
            _runTrace.RecordBoot(Boot);
            Trace.Connect(_runTrace);
        }

        // One translation unit, invalidation queue and interrupt-remapping unit per IOMMU unit, when the
        // kernel runs an IOMMU driver at all (off and swiotlb run none).
        var translating = spec.Host.Mode is HostMode.Passthrough or HostMode.Lazy or HostMode.Strict;
        var byUnit = new Dictionary<IommuUnit, (TranslationUnit Tu, QueuedIotlbInvalidator Invalidator, InterruptRemappingUnit Ir)>();
        var remappingUnits = new List<InterruptRemappingUnit>();
        if (translating)
        {
            foreach (var unit in Boot.Scope.Units)
            {
                var tu = new TranslationUnit(Simulation, iommu, memory, Streams, unit.Name, Trace);
                var queue = new InvalidationQueue(Simulation, iommu.Invalidation, tu);
                var ir = new InterruptRemappingUnit(iommu.InterruptRemapping, memory, Streams, unit.Name);
                ir.AttachInvalidationQueue(queue);
                var invalidator = new QueuedIotlbInvalidator(queue);
                byUnit[unit] = (tu, invalidator, ir);
                _units.Add(tu);
                _parts.Add(new RunCollector.UnitParts(tu, queue, invalidator, ir));
                remappingUnits.Add(ir);
            }
        }
        Interrupts = new InterruptRemapper(Simulation, spec.Host.Intremap, new IoApic(spec.Platform.IoApic), remappingUnits);

        var invalidators = _invalidators;
        foreach (var group in Boot.Groups)
            if (Boot.SetupOf(group.Devices[0]).Unit is { } unit && byUnit.TryGetValue(unit, out var u))
                invalidators.Register(group.Domain, u.Invalidator);
        Dma = new DmaApi(Simulation, spec.Host.Mode, spec.Host.Dma, Cpus, invalidators)
        {
            Observer = new TraceMapObserver(Simulation, Trace),
        };

        if (spec.Vms.Count > 0)
        {
            var vfio = new VfioHost(Boot, clock: () => Simulation.Now) { Trace = Trace };
            Assignments = VmAssigner.AssignAll(vfio, spec.Vms, ScenarioBoot.VmRamBase);
            foreach (var a in Assignments)
                if (a.Domain is { } vmDomain && a.Groups.Count > 0 && Boot.SetupOf(a.Groups[0].Devices[0]).Unit is { } unit && byUnit.TryGetValue(unit, out var u))
                    invalidators.Register(vmDomain, u.Invalidator);
        }

        var hostMemory = DeviceMemory.Host();
        var guestMemory = new Dictionary<VmAssignment, DeviceMemory>();
        for (int i = 0; i < spec.Devices.Count; i++)
        {
            var device = spec.Devices[i];
            var address = WorkloadTopology.AddressOf(device, i);
            var setup = Boot.SetupOf(address);
            var pci = setup.Device;
            ushort rid = pci.RootRequesterId;
            var vm = Assignments.FirstOrDefault(a => a.Devices.Contains(pci));
            var domain = vm?.Domain ?? setup.Group?.Domain;
            (TranslationUnit Tu, QueuedIotlbInvalidator Invalidator, InterruptRemappingUnit Ir)? hw =
                setup.Unit is { } unit && byUnit.TryGetValue(unit, out var found) ? found : null;
            var tu = domain is not null && hw is not null ? hw.Value.Tu : null;
            tu?.Attach(rid, domain!, pci.Name, pci.Driver.TraceName);
            // Linux asks for MSI-X vectors, as many as the device's queues want.
            var irq = Interrupts.AddDevice(rid, hw?.Ir, vectors: device.InterruptVectors, MsiKind.MsiX, pci.Name);
            if (vm is not null && irq.Mode == InterruptMode.RemappedMsi)
            {
                // KVM points an assigned device's vectors at the vCPU's posted-interrupt descriptor (VT-d
                // posted interrupts); the descriptor sits in a host page below the VMs' RAM.
                int vmIndex = Assignments.ToList().IndexOf(vm);
                for (int v = 0; v < device.InterruptVectors; v++)
                    Interrupts.PostToVcpu(rid, v, (byte)(GuestVector + v), ScenarioBoot.VmRamBase - (ulong)(vmIndex + 1) * 4096);
            }
            var context = new DeviceContext
            {
                Simulation = Simulation,
                Streams = Streams.Derive("device/" + device.Name),
                Index = i,
                Function = pci,
                RequesterId = rid,
                Iommu = tu,
                Interrupts = Interrupts,
                Memory = memory,
                RootComplex = spec.Platform.RootComplex,
                ScenarioDirectory = spec.SourceDirectory,
                Buffers = vm is null ? hostMemory : GuestMemory(guestMemory, vm, device.Name),
                Cpu = i % spec.Host.Cpus,
            };
            if (vm is null)
                context = context with { Dma = Dma, DmaDevice = Dma.AttachDevice(pci.Name, tu is null ? null : domain, ulong.MaxValue, maxSegmentSize: device.MaxSegmentSize) };
            var model = DeviceFactories.For(device).Create(device, context);
            _runTrace?.AddDevice(pci.Name, model);
            _devices.Add(model);
        }
        _warnings.AddRange(Interrupts.Warnings.Select(w => w.Message));
        // Mapping the pre-mapped working sets is setup, not workload: its CPU time does not count.
        Cpus.Clear();
    }

    /// <summary>The replication index.</summary>
    public int Replication { get; }

    /// <summary>This replication's random-stream family.</summary>
    public RandomStreams Streams { get; }

    /// <summary>The simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>The IOMMU trace sources (map, unmap, io_page_fault); connect sinks before <see cref="Run"/>.</summary>
    public IommuTrace Trace { get; }

    /// <summary>The booted platform: topology, scope, groups, default domains and boot events.</summary>
    public BootResult Boot { get; }

    /// <summary>The translation units, one per IOMMU unit (none when the host runs no IOMMU driver).</summary>
    public IReadOnlyList<TranslationUnit> TranslationUnits => _units;

    /// <summary>The host's CPUs.</summary>
    public HostCpus Cpus { get; }

    /// <summary>The host's DMA API.</summary>
    public DmaApi Dma { get; }

    /// <summary>Interrupt delivery: remapping, posting, and the INTx fallback.</summary>
    public InterruptRemapper Interrupts { get; }

    /// <summary>The VMs' VFIO assignments.</summary>
    public IReadOnlyList<VmAssignment> Assignments { get; } = [];

    /// <summary>The devices, in scenario order.</summary>
    public IReadOnlyList<IWorkloadDevice> Devices => _devices;

    /// <summary>
    /// Runs warm-up, clears statistics, runs the measured duration and returns the figures.
    /// <paramref name="progress"/> gets the simulated time about a hundred times per run.
    /// </summary>
    public RunResult Run(string variant, IProgress<SimTime>? progress = null, CancellationToken cancellationToken = default)
    {
        _runTrace?.BeginRun(Simulation.Now);
        foreach (var d in _devices) d.Start();
        var warmup = _spec.Run.Warmup;
        var end = warmup + _spec.Run.Duration;
        RunInSteps(warmup, end, progress, cancellationToken);
        ResetStatistics();
        _iotlbAtStart = _parts.Select(p => p.Translation.Iotlb.Occupancy).ToArray();
        // Halfway, each device's latency so far: a trend between the halves shows a stage that is not steady.
        RunInSteps(warmup + new SimTime(_spec.Run.Duration.Picoseconds / 2), end, progress, cancellationToken);
        _halfway = _devices.Select(RunCollector.Halfway.Of).ToArray();
        RunInSteps(end, end, progress, cancellationToken);
        return Collect(variant);
    }

    // End of warm-up: every counter and distribution starts again; queues, caches and tables keep their state.
    private void ResetStatistics()
    {
        foreach (var d in _devices) d.ResetStatistics();
        foreach (var p in _parts)
        {
            p.Translation.ResetCounters();
            p.Queue.ResetCounters();
            p.Invalidator.ResetCounters();
        }
        Interrupts.ResetCounters();
        Cpus.Reset();
        Dma.ResetCounters();
        Dma.StaleWindow.Reset();
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
        double seconds = _spec.Run.Duration.TotalSeconds;
        var all = new LogLinearHistogram();
        var metrics = new List<LatencyMetric>();
        long transactions = 0, bytes = 0;
        double offered = 0;
        for (int i = 0; i < _devices.Count; i++)
        {
            var d = _devices[i];
            var latencies = d.Latencies;
            // The headline latency always; its parts where the device recorded any.
            all.Merge(latencies[0].Histogram);
            metrics.Add(new LatencyMetric(d.Name, latencies[0].Part, latencies[0].Histogram));
            for (int k = 1; k < latencies.Count; k++)
                if (latencies[k].Histogram.Count > 0) metrics.Add(new LatencyMetric(d.Name, latencies[k].Part, latencies[k].Histogram));
            var counters = d.Counters;
            transactions += counters.Completed;
            bytes += counters.BytesCompleted;
            offered += d.OfferedBitsPerSecond ?? _spec.Devices[i].OfferedBitsPerSecond;
        }
        var overall = new LatencyMetric("all", "dma", all);
        metrics.Insert(0, overall);
        // How long unmapped IOVAs stayed reachable through stale IOTLB entries (0 in strict mode).
        if (Dma.StaleWindow.Count > 0) metrics.Add(new LatencyMetric("all", "stale_window", Dma.StaleWindow));
        return new RunResult
        {
            Variant = variant,
            Replication = Replication,
            Seed = _spec.Run.Seed,
            MeasuredTime = _spec.Run.Duration,
            OfferedGbps = offered / 1e9,
            AchievedGbps = bytes * 8.0 / seconds / 1e9,
            DmaTransactions = transactions,
            IotlbHits = _units.Sum(u => u.Iotlb.Hits),
            IotlbMisses = _units.Sum(u => u.Iotlb.Misses),
            PageWalks = _units.Sum(u => u.Walkers.Walks),
            IoPageFaults = _units.Sum(u => u.Faults),
            Interrupts = Interrupts.Delivered,
            CpuUtilisation = Cpus.MeanUtilisation,
            CpuBusy = Cpus.BusyCpus,
            CpuMaxUtilisation = Cpus.MaxUtilisation,
            Devices = _devices.Select((d, i) => RunCollector.Device(d, _spec.Devices[i], _spec.Run.Duration, _halfway[i])).ToList(),
            Cpus = Cpus.All.Select(RunCollector.Cpu).ToList(),
            IommuUnits = _parts.Select((p, i) => RunCollector.Unit(p, Dma, _invalidators, _iotlbAtStart[i])).ToList(),
            Warmup = _spec.Run.Warmup,
            Latency = overall,
            Metrics = metrics,
            PageTableBytes = PageTableBytes(),
            Warnings = _warnings,
        };
    }

    // Every translated domain once: the groups' default domains and the VMs' domains.
    private long PageTableBytes()
    {
        var domains = Boot.Groups.Select(g => g.Domain).Concat(Assignments.Where(a => a.Domain is not null).Select(a => a.Domain!)).Distinct();
        return domains.Sum(d => d.PageTable?.TableBytes.Bytes ?? 0);
    }

    // Buffers in guest RAM: inside the VM's largest RAM region (validation checks they fit), one region per VM.
    private static DeviceMemory GuestMemory(Dictionary<VmAssignment, DeviceMemory> memories, VmAssignment vm, string device)
    {
        if (memories.TryGetValue(vm, out var memory)) return memory;
        var ram = vm.Mappings.MaxBy(m => m.Size)
            ?? throw new InvalidOperationException($"VM {vm.Vm} has no RAM mapping for device {device}");
        memories.Add(vm, memory = DeviceMemory.Guest(ram.Iova, ram.Size));
        return memory;
    }
}
