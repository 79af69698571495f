using IommuSim.Iommu;
using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// The dma-iommu half of <see cref="DmaApi"/> (drivers/iommu/dma-iommu.c): IOVA allocation, page-table
/// updates, scatter/gather layout, and unmaps that invalidate synchronously (strict) or through the domain's
/// flush queue (lazy).
/// </summary>
internal sealed class IommuDmaOps
{
    private const ulong PageMask = (1UL << IovaAllocator.PageShift) - 1;
    private const ulong Mask32 = 0xFFFF_FFFF;

    private static readonly Action<object?> s_afterUnmapWork = static s => { var r = (PendingUnmap)s!; r.Cookie!.Owner.IommuOps.AfterUnmapWork(r); };
    private static readonly Action<object?> s_submitStrict = static s => { var r = (PendingUnmap)s!; r.Cookie!.Owner.IommuOps.SubmitStrict(r); };
    private static readonly Action<object?, long> s_strictDone = static (s, _) => { var r = (PendingUnmap)s!; r.Cookie!.Owner.IommuOps.OnStrictInvalidated(r); };

    private readonly DmaApi _api;
    private readonly Simulation _sim;
    private readonly IIotlbInvalidator? _invalidator;
    private readonly DmaCostParams _costs;
    private readonly Dictionary<Domain, DmaCookie> _cookies = new();
    private readonly List<Domain> _domains = [];
    private ulong[] _sgIovaLength = new ulong[16];

    public IommuDmaOps(DmaApi api, Simulation sim, IIotlbInvalidator? invalidator)
    {
        _api = api;
        _sim = sim;
        _invalidator = invalidator;
        _costs = api.Parameters.Costs;
    }

    public long StrictInvalidations { get; private set; }
    public long LeafOnlyInvalidations { get; private set; }
    public IReadOnlyList<Domain> Domains => _domains;

    public void ResetCounters()
    {
        StrictInvalidations = LeafOnlyInvalidations = 0;
        foreach (var cookie in _cookies.Values)
        {
            cookie.Allocator.ResetCounters();
            cookie.FlushQueue?.ResetCounters();
            cookie.IommuMaps = cookie.IommuUnmaps = 0;
        }
    }

    public DmaCookie? CookieIfAny(Domain domain) => _cookies.GetValueOrDefault(domain);

    public DmaCookie CookieOf(Domain domain)
    {
        if (_cookies.TryGetValue(domain, out var cookie)) return cookie;
        if (domain.PageTable is null)
            throw new ArgumentException($"{domain} has no page table", nameof(domain));
        var cpus = _api.Cpus;
        var allocator = new IovaAllocator(_sim, cpus.Count);
        if (DmaApi.MsiWindowEnd <= (domain.AddressWidthBits >= 64 ? ulong.MaxValue : (1UL << domain.AddressWidthBits) - 1))
            allocator.Reserve(DmaApi.MsiWindowStart >> IovaAllocator.PageShift, DmaApi.MsiWindowEnd >> IovaAllocator.PageShift);
        var queue = domain.Type == DomainType.DmaLazy
            ? new FlushQueue(_sim, domain, _api.Parameters.FlushQueue, cpus, _invalidator!, allocator, _costs, _api.StaleWindow, _api.Complete)
            : null;
        cookie = new DmaCookie(_api, domain, allocator, queue);
        _cookies.Add(domain, cookie);
        _domains.Add(domain);
        return cookie;
    }

    public bool TryMap(DmaDevice device, DmaCookie cookie, int cpu, ulong paddr, ulong size, DmaDataDirection direction,
        out ulong dmaAddress, out SimTime cost)
    {
        ulong offset = paddr & PageMask;
        ulong length = AlignUp(size + offset);
        bool ok = TryAllocateIova(device, cookie, cpu, length, out ulong iova, out bool searchedTree);
        long cycles = _costs.MapCycles + (searchedTree ? _costs.IovaTreeCycles : 0);
        dmaAddress = 0;
        if (ok)
        {
            ok = TryMapRange(device, cpu, cookie, iova, paddr - offset, length, direction);
            if (ok) dmaAddress = iova + offset;
            else cookie.Allocator.Free(cpu, iova >> IovaAllocator.PageShift, length >> IovaAllocator.PageShift);
        }
        cost = _costs.CyclesToTime(cycles);
        _api.Cpus[cpu].Account(CpuWork.Map, cost);
        return ok;
    }

    public int MapSg(DmaDevice device, DmaCookie cookie, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments,
        DmaDataDirection direction, out SimTime cost)
    {
        if (_sgIovaLength.Length < list.Length) _sgIovaLength = new ulong[Math.Max(list.Length, 2 * _sgIovaLength.Length)];
        var iovaLength = _sgIovaLength.AsSpan(0, list.Length);

        // Lay the elements out in IOVA space, page-widened; pad so that no element crosses a 4 GiB
        // segment boundary (dma_get_seg_boundary's default), as iommu_dma_map_sg does.
        ulong total = 0;
        for (int i = 0; i < list.Length; i++)
        {
            ulong length = AlignUp(list[i].Length + (list[i].PhysicalAddress & PageMask));
            ulong pad = (Mask32 - total + 1) & Mask32;
            if (i > 0 && pad != 0 && pad < length - 1)
            {
                iovaLength[i - 1] += pad;
                total += pad;
            }
            iovaLength[i] = length;
            total += length;
        }

        long cycles = _costs.MapCycles + _costs.SgSegmentCycles * (list.Length - 1);
        int count = 0;
        if (TryAllocateIova(device, cookie, cpu, total, out ulong iova, out bool searchedTree))
        {
            if (MapSgRanges(device, cpu, cookie, iova, list, iovaLength, direction))
                count = FinaliseSg(device, iova, list, iovaLength, segments);
            else
                cookie.Allocator.Free(cpu, iova >> IovaAllocator.PageShift, total >> IovaAllocator.PageShift);
        }
        if (searchedTree) cycles += _costs.IovaTreeCycles;
        cost = _costs.CyclesToTime(cycles);
        _api.Cpus[cpu].Account(CpuWork.Map, cost);
        return count;
    }

    // iommu_map_sg: one map call per run of physically contiguous elements. All or nothing.
    private bool MapSgRanges(DmaDevice device, int cpu, DmaCookie cookie, ulong iova, ReadOnlySpan<ScatterEntry> list, ReadOnlySpan<ulong> iovaLength, DmaDataDirection direction)
    {
        ulong mapped = 0, runStart = 0, runLength = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            ulong phys = i < list.Length ? list[i].PhysicalAddress & ~PageMask : 0;
            if (runLength != 0 && (i == list.Length || phys != runStart + runLength))
            {
                if (!TryMapRange(device, cpu, cookie, iova + mapped, runStart, runLength, direction))
                {
                    if (mapped != 0) cookie.Domain.PageTable!.Unmap(iova, mapped);
                    return false;
                }
                mapped += runLength;
                runLength = 0;
            }
            if (i == list.Length) break;
            if (runLength == 0) runStart = phys;
            runLength += iovaLength[i];
        }
        return true;
    }

    // __finalise_sg: DMA segments, merging IOVA-contiguous neighbours.
    private static int FinaliseSg(DmaDevice device, ulong iova, ReadOnlySpan<ScatterEntry> list, ReadOnlySpan<ulong> iovaLength, Span<DmaSegment> segments)
    {
        int count = 0;
        ulong dma = iova, current = 0;
        for (int i = 0; i < list.Length; i++)
        {
            ulong offset = list[i].PhysicalAddress & PageMask;
            ulong length = list[i].Length;
            if (current != 0 && offset == 0 && (dma & Mask32) != 0 && device.MaxSegmentSize - current >= length)
            {
                current += length;
                segments[count - 1] = segments[count - 1] with { Length = (uint)current };
            }
            else
            {
                segments[count++] = new DmaSegment(dma + offset, (uint)length);
                current = length;
            }
            dma += iovaLength[i];
            // An element that stops short of its page end closes the segment.
            if (length + offset < iovaLength[i]) current = 0;
        }
        return count;
    }

    // iommu_dma_alloc_iova: below 4 GiB first for PCI devices with wider masks, until that space is full once.
    private static bool TryAllocateIova(DmaDevice device, DmaCookie cookie, int cpu, ulong length, out ulong iova, out bool searchedTree)
    {
        var allocator = cookie.Allocator;
        long treeBefore = allocator.TreeAllocations + allocator.Failures;
        ulong pages = length >> IovaAllocator.PageShift;
        ulong limit = Math.Min(device.DmaMask, cookie.ApertureEnd);
        ulong pfn = 0;
        bool ok = false;
        if (limit > Mask32 && device.TriesBelow4GiBFirst)
        {
            ok = allocator.TryAllocate(cpu, pages, Mask32 >> IovaAllocator.PageShift, flushCachesOnFailure: false, out pfn);
            if (!ok) device.TriesBelow4GiBFirst = false;
        }
        if (!ok) ok = allocator.TryAllocate(cpu, pages, limit >> IovaAllocator.PageShift, flushCachesOnFailure: true, out pfn);
        // Any tree search (successful or not) costs the tree price; a magazine hit does not.
        searchedTree = allocator.TreeAllocations + allocator.Failures != treeBefore;
        iova = pfn << IovaAllocator.PageShift;
        return ok;
    }

    // iommu_map of one range; false when page-table memory ran out (nothing is left mapped).
    private bool TryMapRange(DmaDevice device, int cpu, DmaCookie cookie, ulong iova, ulong paddr, ulong length, DmaDataDirection direction)
    {
        try
        {
            cookie.Domain.PageTable!.Map(iova, paddr, length, ToPermissions(direction));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        cookie.IommuMaps++;
        _api.Observer?.OnMap(cookie.Domain, device, cpu, iova, paddr, length);
        return true;
    }

    public void Unmap(DmaDevice device, DmaCookie cookie, int cpu, ulong dmaAddress, ulong size, PendingUnmap request)
    {
        ulong offset = dmaAddress & PageMask;
        ulong iova = dmaAddress - offset;
        ulong length = AlignUp(size + offset);
        var table = cookie.Domain.PageTable!;
        // Linux WARNs and leaks here; a model with a double unmap would free the IOVA twice, so refuse it.
        if (!table.TryTranslate(iova, out _))
            throw new ArgumentException($"DMA address 0x{dmaAddress:x} is not mapped in {cookie.Domain}", nameof(dmaAddress));
        bool freesTables = FreesTablePages(table, iova, length);
        ulong unmapped = table.Unmap(iova, length);
        cookie.IommuUnmaps++;
        _api.Observer?.OnUnmap(cookie.Domain, device, cpu, iova, length, unmapped);

        request.Cookie = cookie;
        request.Iova = iova;
        request.Size = length;
        request.LeafOnly = !freesTables && _api.Parameters.LeafOnlyFlush;
        var work = _costs.CyclesToTime(_costs.UnmapCycles);
        _api.Cpus[cpu].Account(CpuWork.Unmap, work);
        _sim.Schedule(work, s_afterUnmapWork, request);
    }

    // Linux frees a page-table page when an unmap covers all of it (dma_pte_clear_level): a naturally aligned
    // 2 MiB (or 1 GiB, 512 GiB) block inside the range that a lower-level table maps. Then the IOTLB flush must
    // drop the walk caches (IH = 0); otherwise a leaf-only flush (IH = 1) is enough.
    private static bool FreesTablePages(IoPageTable table, ulong iova, ulong length)
    {
        ulong end = iova + length;
        for (int level = 2; level <= table.Format.Levels; level++)
        {
            ulong span = 1UL << (IovaAllocator.PageShift + 9 * (level - 1));
            for (ulong block = (iova + span - 1) & ~(span - 1); block + span <= end && block >= iova; block += span)
                if (table.TryTranslate(block, out var leaf) && (ulong)leaf.PageSize.Bytes < span) return true;
        }
        return false;
    }

    private void AfterUnmapWork(PendingUnmap request)
    {
        var cookie = request.Cookie!;
        if (cookie.FlushQueue is { } queue)
        {
            queue.Enqueue(request);
            return;
        }
        // Strict: iommu_iotlb_sync on the unmapped range (qi_submit_sync), spinning until it completes.
        StrictInvalidations++;
        if (request.LeafOnly) LeafOnlyInvalidations++;
        var issue = _costs.CyclesToTime(_costs.FlushCycles);
        _api.Cpus[request.Cpu].Account(CpuWork.InvalidationWait, issue);
        request.SubmittedAt = _sim.Now + issue;
        _sim.Schedule(issue, s_submitStrict, request);
    }

    private void SubmitStrict(PendingUnmap request) =>
        _invalidator!.InvalidateRange(request.Cookie!.Domain, request.Iova, request.Size, request.LeafOnly, s_strictDone, request, 0);

    private void OnStrictInvalidated(PendingUnmap request)
    {
        _api.Cpus[request.Cpu].Account(CpuWork.InvalidationWait, _sim.Now - request.SubmittedAt);
        request.Cookie!.Allocator.Free(request.Cpu, request.Pfn, request.Pages);
        _api.StaleWindow.Record(0);
        _api.Complete(request);
    }

    private static Permissions ToPermissions(DmaDataDirection direction) => direction switch
    {
        DmaDataDirection.ToDevice => Permissions.Read,
        DmaDataDirection.FromDevice => Permissions.Write,
        _ => Permissions.ReadWrite,
    };

    private static ulong AlignUp(ulong bytes) => (bytes + PageMask) & ~PageMask;
}
