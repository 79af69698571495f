using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Kernel.Statistics;
using IommuSim.Platform;

namespace IommuSim.Iommu;

/// <summary>
/// The model behind <c>iommusim bench translate</c>: one device in one domain on a translation unit with
/// default parameters. <see cref="RunHits"/> translates a 32-page working set that stays in the IOTLB, on the
/// synchronous hit path; <see cref="RunMisses"/> keeps 64 translations in flight over 65,536 pages walked in
/// order, so every one misses the IOTLB and walks (the walk caches make most walks one read).
/// </summary>
public sealed class TranslationBenchmark : ITranslationClient
{
    /// <summary>Pages of the hit working set (fits the default 64-entry, 4-way IOTLB: 2 per set).</summary>
    public const int HitPages = 32;
    /// <summary>Pages the misses cycle over: 256 MiB of 4 KiB pages, far beyond the IOTLB.</summary>
    public const int MissPages = 65_536;
    /// <summary>Miss translations in flight at once (4 per walker with the default 16 walkers).</summary>
    public const int Outstanding = 64;

    private const ushort Device = 0x100;
    private const ulong HitBase = 0x1_0000_0000;
    private const ulong MissBase = 0x2_0000_0000;
    private readonly TranslationRequest[] _hits;
    private long _missesToIssue;
    private long _nextMissPage;

    /// <summary>Builds the unit, maps both regions and warms the context cache and the hit working set.</summary>
    public TranslationBenchmark(ulong seed = 1, IommuParams? parameters = null)
    {
        Unit = new TranslationUnit(Simulation, parameters ?? new IommuParams(), new MemoryParams(), new RandomStreams(seed), "bench");
        var allocator = new TablePageAllocator(0x100_0000_0000, PageTableFormat.TableSize * 4096);
        var domain = new Domain(1, DomainType.DmaStrict, Unit.Format, allocator);
        Unit.Attach(Device, domain);
        // Physical addresses 4 KiB off a 2 MiB boundary keep every leaf at 4 KiB, as with a NIC's page-sized buffers.
        domain.PageTable!.Map(HitBase, 0x10_0000_1000, HitPages * 4096UL, Permissions.ReadWrite);
        domain.PageTable.Map(MissBase, 0x20_0000_1000, MissPages * 4096UL, Permissions.ReadWrite);
        _hits = new TranslationRequest[HitPages];
        for (int i = 0; i < HitPages; i++)
            _hits[i] = new TranslationRequest(Device, HitBase + (ulong)i * 4096 + 64, i % 4 == 0 ? AccessKind.Read : AccessKind.Write);
        WarmHitSet();
        Unit.ResetCounters();
    }

    /// <summary>The simulation (misses advance its clock).</summary>
    public Simulation Simulation { get; } = new();
    /// <summary>The translation unit.</summary>
    public TranslationUnit Unit { get; }
    /// <summary>Latencies of completed misses, in nanoseconds of simulated time.</summary>
    public Tally MissLatencyNs { get; } = new();

    /// <summary>
    /// Translates <paramref name="count"/> IOTLB hits; returns the sum of the physical addresses (so no work is
    /// skipped). The working set is first translated once more, in case misses evicted it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A translation did not hit (the working set no longer fits).</exception>
    public ulong RunHits(long count)
    {
        WarmHitSet();
        var unit = Unit;
        var hits = _hits;
        ulong sum = 0;
        for (long i = 0; i < count; i++)
        {
            if (!unit.Translate(hits[(int)(i & (HitPages - 1))], this, 0, out var t))
                throw new InvalidOperationException("the hit working set missed the IOTLB");
            sum += t.PhysicalAddress;
        }
        return sum;
    }

    /// <summary>Runs <paramref name="count"/> miss translations to completion, <see cref="Outstanding"/> at a time.</summary>
    /// <returns>The number completed.</returns>
    public long RunMisses(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long before = MissLatencyNs.Count;
        _missesToIssue = count;
        for (int i = 0; i < Outstanding && _missesToIssue > 0; i++) IssueMiss();
        Simulation.Run();
        return MissLatencyNs.Count - before;
    }

    private void WarmHitSet()
    {
        foreach (var request in _hits) Unit.Translate(request, this, -1, out _);
        Simulation.Run();
    }

    private void IssueMiss()
    {
        _missesToIssue--;
        ulong page = (ulong)(_nextMissPage++ % MissPages);
        var request = new TranslationRequest(Device, MissBase + page * 4096, AccessKind.Write);
        if (Unit.Translate(request, this, 1, out _))
            throw new InvalidOperationException("a miss-benchmark translation hit the IOTLB");
    }

    /// <inheritdoc/>
    public void OnTranslated(in Translation translation, long token)
    {
        if (token != 1) return;   // warm-up translations
        MissLatencyNs.Add(translation.Latency.Total.TotalNanoseconds);
        if (_missesToIssue > 0) IssueMiss();
    }
}
