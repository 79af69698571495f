using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Observe;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Iommu.TranslationModel;

/// <summary>
/// A translation unit on its own simulation, with a table allocator, a trace that records every event, and
/// a client that collects slow-path translations. Memory reads cost exactly 90 ns (LLC hit rate 0), so
/// expected times are multiples of 90 ns plus the 3 ns lookup.
/// </summary>
internal sealed class TranslationRig : ITranslationClient, ITraceSink<MapEvent>, ITraceSink<UnmapEvent>, ITraceSink<IoPageFaultEvent>
{
    public const ulong KiB = 1UL << 10;
    public const ulong MiB = 1UL << 20;
    public const ulong GiB = 1UL << 30;
    public static readonly SimTime Read = SimTime.FromNanoseconds(90);
    public static readonly SimTime Lookup = SimTime.FromNanoseconds(3);

    public TranslationRig(IommuParams? parameters = null, ulong seed = 1, MemoryParams? memory = null)
    {
        Unit = new TranslationUnit(Sim, parameters ?? new IommuParams(), memory ?? new MemoryParams { LlcHitRate = 0 },
            new RandomStreams(seed), "dmar0", Trace);
        Trace.Connect(this);
        Queue = new InvalidationQueue(Sim, Unit.Parameters.Invalidation, Unit);
    }

    public Simulation Sim { get; } = new();
    public IommuTrace Trace { get; } = new();
    public TranslationUnit Unit { get; }
    public InvalidationQueue Queue { get; }
    public TablePageAllocator Allocator { get; } = new(0x10_0000_0000, PageTableFormat.TableSize * 65536);
    public List<(Translation Translation, long Token, SimTime At)> Delivered { get; } = [];
    public List<MapEvent> Maps { get; } = [];
    public List<UnmapEvent> Unmaps { get; } = [];
    public List<IoPageFaultEvent> FaultEvents { get; } = [];

    /// <summary>A translated domain on this unit's format (or <paramref name="format"/>), nested when <paramref name="parent"/> is given.</summary>
    public IommuDomain NewDomain(int id, DomainType type = DomainType.DmaStrict, IommuDomain? parent = null, PageTableFormat? format = null) =>
        new(new Domain(id, type, format ?? Unit.Format, Allocator, parent?.Domain), Sim, Trace);

    /// <summary>Translates and, if it does not finish at once, runs the simulation until it does.</summary>
    public Translation Translate(ushort rid, ulong iova, AccessKind access = AccessKind.Read, bool ats = false)
    {
        if (Unit.Translate(new TranslationRequest(rid, iova, access, ats), this, Delivered.Count, out var now)) return now;
        int before = Delivered.Count;
        Sim.Run();
        Assert.Equal(before + 1, Delivered.Count);
        return Delivered[^1].Translation;
    }

    /// <summary>Starts a translation; true if it finished at once (then it is also added to <see cref="Delivered"/>).</summary>
    public bool Start(ushort rid, ulong iova, AccessKind access = AccessKind.Read, bool ats = false, long token = 0)
    {
        if (!Unit.Translate(new TranslationRequest(rid, iova, access, ats), this, token, out var now)) return false;
        Delivered.Add((now, token, Sim.Now));
        return true;
    }

    /// <summary>Submits <paramref name="descriptor"/> and a wait, runs until the wait completes, returns when it did.</summary>
    public SimTime InvalidateAndWait(params InvalidationDescriptor[] descriptors)
    {
        SimTime? done = null;
        foreach (var d in descriptors) Queue.Submit(d);
        Queue.Submit(InvalidationDescriptor.Wait(_ => done = Sim.Now));
        Sim.Run();
        return done ?? throw new InvalidOperationException("the wait descriptor never completed");
    }

    public void OnTranslated(in IommuSim.Iommu.Translation translation, long token) => Delivered.Add((translation, token, Sim.Now));
    public void Write(in MapEvent traceEvent) => Maps.Add(traceEvent);
    public void Write(in UnmapEvent traceEvent) => Unmaps.Add(traceEvent);
    public void Write(in IoPageFaultEvent traceEvent) => FaultEvents.Add(traceEvent);

    public long AtcHits(ushort rid = 0x100) => Unit.AtcOf(rid)!.Hits;
    public long AtcMisses(ushort rid = 0x100) => Unit.AtcOf(rid)!.Misses;

    /// <summary>
    /// Walk caches at every level of both stages (gem5 SMMUv3's sizes: stage 1 4/28/348, stage 2 4/28/92), for
    /// tests of what the caches save; the default caches only the top level.
    /// </summary>
    public static IommuParams AllWalkCaches(IommuParams? p = null) => (p ?? new IommuParams()) with
    {
        WalkCaches = new WalkCacheParams
        {
            Level4Entries = 4, Level3Entries = 28, Level2Entries = 348,
            Stage2Level4Entries = 4, Stage2Level3Entries = 28, Stage2Level2Entries = 92,
        },
    };

    /// <summary>Parameters with no walk caches of either stage (every walk reads every level).</summary>
    public static IommuParams NoWalkCaches(IommuParams? p = null) => (p ?? new IommuParams()) with { WalkCaches = WalkCacheParams.None };

    public static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);
    public static ByteSize Bytes(ulong n) => new((long)n);
}
