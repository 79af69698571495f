using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>
/// The logic of one page walk: which table entries it reads, given the walk caches, and what it finds. Reads
/// are made one after another, each costing a draw of the <see cref="MemoryLatencyModel"/>.
/// </summary>
/// <remarks>
/// <para>Single stage: the walk caches of every level are probed, lowest level first; a hit at level L means
/// the tables at levels top..L need not be read, so the walk reads from the level L − 1 table down to the
/// leaf (a level-2 hit on a 4 KiB leaf: 1 read instead of 4). The non-leaf entries the walk did read are
/// cached. A cache hit is checked against the live tables (<see cref="WalkCache.DropStale"/>): the answer
/// always comes from the current tables, the caches only save reads.</para>
/// <para>Nested (two-stage): every stage-1 table address is guest-physical, so before each stage-1 entry is
/// read its address is translated by stage 2 (stage-2 TLB, then a stage-2 walk with the stage-2 walk caches),
/// and so is the guest-physical address the stage-1 leaf gives. With no caches a 4-level guest table over a
/// 4-level host table costs 4 × (4 + 1) + 4 = 24 reads. A stage-1 walk-cache entry stands for the
/// host-physical address of the next table, so the first table after a stage-1 hit needs no stage-2
/// translation (the model keys the entry by the table's guest address, which is what it checks against the
/// live tables). Stage-2 table reads need the page present at stage 2; their rights are not checked.</para>
/// <para>The caches are filled when the walk is computed (its start), not when its reads finish; the IOTLB is
/// filled by the caller at the end.</para>
/// </remarks>
public sealed class PageWalker
{
    private readonly WalkCaches _stage1;
    private readonly WalkCaches _stage2;
    private readonly Iotlb? _stage2Tlb;
    private readonly MemoryLatencyModel _memory;

    /// <summary>Creates the walker logic over the given caches (the unit owns them) and memory model.</summary>
    public PageWalker(WalkCaches stage1, WalkCaches stage2, Iotlb? stage2Tlb, MemoryLatencyModel memory)
    {
        ArgumentNullException.ThrowIfNull(stage1);
        ArgumentNullException.ThrowIfNull(stage2);
        ArgumentNullException.ThrowIfNull(memory);
        _stage1 = stage1;
        _stage2 = stage2;
        _stage2Tlb = stage2Tlb;
        _memory = memory;
    }

    /// <summary>Walks <paramref name="domain"/>'s tables for <paramref name="iova"/>.</summary>
    /// <exception cref="ArgumentException">The domain has no page table (blocked or identity).</exception>
    public WalkResult Walk(Domain domain, ulong iova)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var table = domain.PageTable ?? throw new ArgumentException($"{domain} has no page table to walk", nameof(domain));
        var walk = table.Walk(iova);
        if (walk.Outcome == WalkOutcome.BeyondAddressWidth)
            return new WalkResult(IoFaultKind.BeyondAddressWidth, default, 0, SimTime.Zero);
        int firstRead = SkippedByCaches(_stage1, domain.Id, walk);
        if (domain.Type != DomainType.Nested)
        {
            int reads = walk.TableReads - firstRead;
            var time = _memory.NextReads(reads);
            return walk.Found
                ? new WalkResult(IoFaultKind.None, walk.Leaf, reads, time)
                : new WalkResult(IoFaultKind.NotPresent, default, reads, time);
        }
        return WalkNested(domain.Parent!, walk, firstRead);
    }

    private WalkResult WalkNested(Domain parent, in PageWalk walk, int firstRead)
    {
        int reads = 0;
        long time = 0;
        for (int r = firstRead; r < walk.TableReads; r++)
        {
            // After a stage-1 cache hit the next table's host-physical address is known; every other one is a GPA.
            if (r > firstRead || firstRead == 0)
            {
                var table = TranslateStage2(parent, walk.TableAddress(r), ref reads, ref time);
                if (!table.Found) return new WalkResult(table.Fault, default, reads, new SimTime(time));
            }
            reads++;
            time += _memory.NextRead().Picoseconds;
        }
        if (!walk.Found) return new WalkResult(IoFaultKind.NotPresent, default, reads, new SimTime(time));

        var guest = walk.Leaf;
        var host = TranslateStage2(parent, guest.PhysicalAddress, ref reads, ref time);
        if (!host.Found) return new WalkResult(host.Fault, default, reads, new SimTime(time));
        // The combined translation is contiguous only within the smaller of the two pages.
        var size = guest.PageSize.Bytes <= host.Leaf.PageSize.Bytes ? guest.PageSize : host.Leaf.PageSize;
        var leaf = new TranslationLeaf(host.Leaf.PhysicalAddress, size, guest.Permissions & host.Leaf.Permissions);
        return new WalkResult(IoFaultKind.None, leaf, reads, new SimTime(time));
    }

    // Stage 2 for one guest-physical address: the stage-2 TLB, else a walk of the parent's table.
    private WalkResult TranslateStage2(Domain parent, ulong gpa, ref int reads, ref long time)
    {
        if (_stage2Tlb is not null && _stage2Tlb.TryLookup(parent.Id, gpa, out var cached))
            return new WalkResult(IoFaultKind.None, cached, 0, SimTime.Zero);
        var walk = parent.PageTable!.Walk(gpa);
        if (walk.Outcome == WalkOutcome.BeyondAddressWidth)
            return new WalkResult(IoFaultKind.BeyondAddressWidth, default, 0, SimTime.Zero);
        int n = walk.TableReads - SkippedByCaches(_stage2, parent.Id, walk);
        reads += n;
        time += _memory.NextReads(n).Picoseconds;
        if (!walk.Found) return new WalkResult(IoFaultKind.NotPresent, default, 0, SimTime.Zero);
        _stage2Tlb?.Insert(parent.Id, gpa, walk.Leaf);
        return new WalkResult(IoFaultKind.None, walk.Leaf, 0, SimTime.Zero);
    }

    /// <summary>
    /// Probes the walk caches for <paramref name="walk"/>, fills them with the non-leaf entries the walk reads,
    /// and returns how many of its table reads a cache hit saves (the index of the first table really read).
    /// </summary>
    internal static int SkippedByCaches(WalkCaches caches, int domainId, in PageWalk walk)
    {
        int top = walk.TopLevel;
        int hitLevel = 0;
        for (int level = 2; level <= top; level++)
        {
            var cache = caches[level];
            if (cache is null || !cache.TryLookup(domainId, walk.Iova, out ulong next)) continue;
            // The entry at this level points to the table at level - 1, read at index top - (level - 1).
            int index = top - level + 1;
            if (index < walk.TableReads && walk.TableAddress(index) == next)
            {
                hitLevel = level;
                break;
            }
            cache.DropStale(domainId, walk.Iova);
        }
        int skipped = hitLevel == 0 ? 0 : top - hitLevel + 1;
        // Entries read by this walk that point to a table: levels above where the walk ended, below the hit.
        int highestRead = hitLevel == 0 ? top : hitLevel - 1;
        for (int level = Math.Max(2, walk.Level + 1); level <= highestRead; level++)
            caches[level]?.Insert(domainId, walk.Iova, walk.TableAddress(top - level + 1));
        return skipped;
    }
}
