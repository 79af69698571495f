using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Platform;

namespace IommuSim.Host;

/// <summary>
/// The Linux streaming DMA API of one host: dma_map_single, dma_map_sg and their unmaps, for each device
/// through the path its host mode and domain give it (dma-direct, SWIOTLB bounce, or dma-iommu in strict
/// or lazy mode), with the CPU time each call costs and the stale-IOTLB window each unmap leaves.
/// </summary>
/// <remarks>
/// <para>Timing: a call changes the model at once (IOVA allocated, page table written or cleared), and costs
/// CPU time on the calling CPU (<see cref="Cpus"/>), which runs one call at a time. A map returns when its
/// CPU work ends. An unmap returns through its callback, from the event loop and never inside the call:
/// after its CPU work in lazy mode (plus a flush, when the queue was full), and after its CPU work and the
/// range invalidation it spins on in strict mode. In strict mode the IOVA is freed only then.</para>
/// <para>Stale window (<see cref="StaleWindow"/>, picoseconds): for every range a translated unmap removes,
/// from the unmap's return to the completion of the first IOTLB invalidation covering it. Exactly 0 in
/// strict mode, where the unmap returns when its invalidation completes; the flush-queue delay in lazy
/// mode. The window between the page-table clear and the return does not count: the driver does not
/// reuse the buffer before the unmap returns.</para>
/// <para>dma_map_sg (iommu_dma_map_sg): every element is widened to whole 4 KiB pages, keeping its offset,
/// and the elements are laid out back to back in ONE IOVA allocation for the whole list; physically
/// contiguous neighbours are written with one page-table map call (iommu_map_sg), each call one
/// <see cref="IDmaMapObserver.OnMap"/>. The DMA segments returned merge neighbours that are contiguous in
/// IOVA space (__finalise_sg): an element is appended to the previous segment when that one ended on a page
/// boundary, this one starts on one, the merge stays within the device's max segment size, and no 4 GiB
/// segment boundary falls at the join. Without translation each element is its own segment.</para>
/// <para>Not modelled: DMA attributes, cache maintenance (x86 is coherent), untrusted-device bouncing in
/// dma-iommu, PCI host-bridge window reservations.</para>
/// </remarks>
public sealed class DmaApi
{
    /// <summary>The x86 interrupt address window, reserved in every DMA domain's IOVA space (IOAPIC_RANGE_START).</summary>
    public const ulong MsiWindowStart = 0xFEE0_0000;
    /// <summary>Last byte of the x86 interrupt address window (IOAPIC_RANGE_END).</summary>
    public const ulong MsiWindowEnd = 0xFEEF_FFFF;
    /// <summary>
    /// Where the SWIOTLB pool sits unless told otherwise: 64 MiB below 2 GiB, low memory every DMA mask of
    /// 31 bits or more reaches (x86 allocates the default pool from low memory).
    /// </summary>
    public const ulong DefaultSwiotlbBase = 0x7C00_0000;
    /// <summary>dma_get_max_seg_size when a driver sets none: SZ_64K (include/linux/dma-mapping.h).</summary>
    public const uint DefaultMaxSegmentSize = 64 * 1024;

    private const ulong PageMask = (1UL << IovaAllocator.PageShift) - 1;
    private const ulong Mask32 = 0xFFFF_FFFF;

    private static readonly Action<object?> s_afterUnmapWork = static s => ((PendingUnmap)s!).Owner!.AfterUnmapWork((PendingUnmap)s!);
    private static readonly Action<object?, long> s_strictDone = static (s, _) => ((PendingUnmap)s!).Owner!.OnStrictInvalidated((PendingUnmap)s!);
    private static readonly Action<object?> s_directDone = static s => DirectDone((PendingUnmap)s!);

    private readonly Simulation _sim;
    private readonly IIotlbInvalidator? _invalidator;
    private readonly DmaCostParams _costs;
    private readonly Dictionary<Domain, DmaCookie> _cookies = new();
    private readonly Action<PendingUnmap> _complete;
    private PendingUnmap? _freeRequests;
    private ulong[] _sgIovaLength = new ulong[16];

    /// <summary>Creates the DMA API of a host.</summary>
    /// <param name="sim">The simulation.</param>
    /// <param name="mode">The host's IOMMU mode.</param>
    /// <param name="parameters">Costs, flush-queue layout, forcedac, SWIOTLB size.</param>
    /// <param name="cpuCount">CPUs that call the API.</param>
    /// <param name="invalidator">The IOMMU's IOTLB invalidation; required for lazy and strict modes.</param>
    /// <param name="swiotlbBase">Physical base of the SWIOTLB pool (modes off, passthrough and swiotlb).</param>
    /// <exception cref="ArgumentException">A translated mode without an invalidator, or invalid parameters.</exception>
    public DmaApi(Simulation sim, HostMode mode, DmaApiParams parameters, int cpuCount, IIotlbInvalidator? invalidator,
        ulong swiotlbBase = DefaultSwiotlbBase)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown host mode");
        if (mode is HostMode.Lazy or HostMode.Strict && invalidator is null)
            throw new ArgumentException($"host mode {mode} translates DMA and needs an IOTLB invalidator", nameof(invalidator));
        foreach (var problem in parameters.Validate())
            throw new ArgumentException($"{problem.Key}: {problem.Message}", nameof(parameters));
        _sim = sim;
        Mode = mode;
        Parameters = parameters;
        _costs = parameters.Costs;
        _invalidator = invalidator;
        Cpus = new CpuUsage(sim, cpuCount);
        // x86 keeps a SWIOTLB pool when nothing translates (or when forced); with DMA domains it is freed.
        if (mode is HostMode.Off or HostMode.Passthrough or HostMode.Swiotlb)
            Swiotlb = new SwiotlbPool(swiotlbBase, parameters.SwiotlbSize);
        _complete = Complete;
    }

    /// <summary>The host's IOMMU mode.</summary>
    public HostMode Mode { get; }
    /// <summary>The parameters.</summary>
    public DmaApiParams Parameters { get; }
    /// <summary>CPU time the calls cost, per CPU.</summary>
    public CpuUsage Cpus { get; }
    /// <summary>The bounce-buffer pool; null in lazy and strict modes.</summary>
    public SwiotlbPool? Swiotlb { get; }
    /// <summary>Told of every page-table map and unmap (for trace events); null for none.</summary>
    public IDmaMapObserver? Observer { get; set; }
    /// <summary>Stale window of every range unmapped in a translated domain, in picoseconds (see remarks).</summary>
    public LogLinearHistogram StaleWindow { get; } = new();
    /// <summary>The longest stale window so far; zero when none was recorded.</summary>
    public SimTime MaxStaleWindow => StaleWindow.Count > 0 ? new SimTime(StaleWindow.Max) : SimTime.Zero;

    /// <summary>dma_map_single calls.</summary>
    public long MapCalls { get; private set; }
    /// <summary>dma_map_sg calls.</summary>
    public long SgMapCalls { get; private set; }
    /// <summary>Scatter/gather elements passed to dma_map_sg.</summary>
    public long SgEntries { get; private set; }
    /// <summary>DMA segments dma_map_sg returned.</summary>
    public long SgSegments { get; private set; }
    /// <summary>Maps (single or sg) that failed: no IOVA space, no SWIOTLB slots, no page-table memory.</summary>
    public long MapFailures { get; private set; }
    /// <summary>Unmap calls (single or sg).</summary>
    public long UnmapCalls { get; private set; }
    /// <summary>Range invalidations issued by strict unmaps.</summary>
    public long StrictInvalidations { get; private set; }
    /// <summary>Bytes copied by SWIOTLB bounce buffering, both ways.</summary>
    public long BouncedBytes { get; private set; }

    /// <summary>
    /// Registers a device. Without an IOMMU (modes off and swiotlb) <paramref name="domain"/> must be null;
    /// otherwise it is the device's domain and its type picks the path: identity is dma-direct, DMA strict
    /// and DMA lazy go through the IOMMU; null (a device outside every unit's scope) is dma-direct. The first device of a translated domain creates its IOVA space,
    /// with the x86 interrupt window reserved.
    /// </summary>
    /// <param name="name">The device's name, e.g. <c>0000:01:00.0</c>.</param>
    /// <param name="domain">Its domain, or null without an IOMMU.</param>
    /// <param name="dmaMask">DMA_BIT_MASK(n) for n in 12..64.</param>
    /// <param name="isPci">PCI devices try IOVAs below 4 GiB first unless <see cref="DmaApiParams.ForceDac"/>.</param>
    /// <param name="maxSegmentSize">Longest segment dma_map_sg may build.</param>
    /// <exception cref="ArgumentException">A mask that is not 2^n - 1, a zero segment size, a domain where
    /// none is expected, or a domain type the DMA API does not drive.</exception>
    public DmaDevice AttachDevice(string name, Domain? domain, ulong dmaMask, bool isPci = true, uint maxSegmentSize = DefaultMaxSegmentSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (dmaMask < 0xFFF || (dmaMask & (dmaMask + 1)) != 0)
            throw new ArgumentException($"DMA mask 0x{dmaMask:x} of {name} is not DMA_BIT_MASK(n) for n in 12..64", nameof(dmaMask));
        if (maxSegmentSize == 0) throw new ArgumentException($"max segment size of {name} is 0", nameof(maxSegmentSize));

        DmaPath path;
        DmaCookie? cookie = null;
        if (Mode is HostMode.Off or HostMode.Swiotlb)
        {
            if (domain is not null)
                throw new ArgumentException($"host mode {Mode} has no IOMMU, but {name} was given {domain}", nameof(domain));
            path = Mode == HostMode.Off ? DmaPath.Direct : DmaPath.Bounce;
        }
        else if (domain is null)
        {
            // A device outside every IOMMU unit's scope (e.g. below a bypassing root bus) has no IOMMU DMA
            // ops: Linux gives it dma-direct.
            path = DmaPath.Direct;
        }
        else
        {
            path = domain.Type switch
            {
                DomainType.Identity => DmaPath.Direct,
                DomainType.DmaStrict => DmaPath.Strict,
                DomainType.DmaLazy => DmaPath.Lazy,
                _ => throw new ArgumentException(
                    $"{name} is in {domain}: the DMA API maps only through identity and DMA domains", nameof(domain)),
            };
            if (path is DmaPath.Strict or DmaPath.Lazy)
            {
                if (_invalidator is null)
                    throw new ArgumentException($"{name} is in {domain}, which needs an IOTLB invalidator; none was given", nameof(domain));
                cookie = CookieOf(domain);
            }
        }
        return new DmaDevice(name, domain, dmaMask, isPci, maxSegmentSize, path, cookie)
        {
            TriesBelow4GiBFirst = isPci && !Parameters.ForceDac,
        };
    }

    /// <summary>The IOVA allocator of a translated domain that has devices; null otherwise.</summary>
    public IovaAllocator? AllocatorOf(Domain domain) => _cookies.TryGetValue(domain, out var c) ? c.Allocator : null;

    /// <summary>The flush queue of a lazy domain that has devices; null otherwise.</summary>
    public FlushQueue? FlushQueueOf(Domain domain) => _cookies.TryGetValue(domain, out var c) ? c.FlushQueue : null;

    /// <summary>
    /// dma_map_single: maps <paramref name="size"/> bytes at <paramref name="paddr"/> for <paramref name="device"/>,
    /// on <paramref name="cpu"/>.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="cpu">The calling CPU.</param>
    /// <param name="paddr">Physical address of the buffer (any alignment).</param>
    /// <param name="size">Bytes, at least 1.</param>
    /// <param name="direction">Which way the data goes; gives the IOMMU permissions.</param>
    /// <param name="dmaAddress">The address to give the device; 0 on failure.</param>
    /// <param name="completesAt">When the call returns (the CPU work is done), also on failure.</param>
    /// <returns>False when the mapping failed (dma_mapping_error), counted in <see cref="MapFailures"/>.</returns>
    public bool TryMapSingle(DmaDevice device, int cpu, ulong paddr, ulong size, DmaDataDirection direction,
        out ulong dmaAddress, out SimTime completesAt)
    {
        CheckCall(device, cpu, size);
        MapCalls++;
        bool ok = device.Cookie is { } cookie
            ? TryMapTranslated(device, cookie, cpu, paddr, size, direction, out dmaAddress, out completesAt)
            : TryMapDirect(device, cpu, paddr, size, out dmaAddress, out completesAt);
        if (!ok) MapFailures++;
        return ok;
    }

    /// <summary>
    /// dma_unmap_single: unmaps what <see cref="TryMapSingle"/> returned (same address and size).
    /// <paramref name="onComplete"/>(<paramref name="state"/>) runs when the call returns (see remarks).
    /// </summary>
    /// <exception cref="ArgumentException">Translated, and the address is not mapped (e.g. a double unmap).</exception>
    public void UnmapSingle(DmaDevice device, int cpu, ulong dmaAddress, ulong size, DmaDataDirection direction,
        Action<object?>? onComplete = null, object? state = null)
    {
        CheckCall(device, cpu, size);
        UnmapCalls++;
        if (device.Cookie is { } cookie) UnmapTranslated(cookie, cpu, dmaAddress, size, onComplete, state);
        else
        {
            var done = Cpus.Charge(cpu, UnbounceCost(dmaAddress, size, direction));
            FinishDirect(cpu, done, onComplete, state);
        }
    }

    /// <summary>
    /// dma_map_sg: maps the elements of <paramref name="list"/> and writes the DMA segments to
    /// <paramref name="segments"/> (see remarks for how they merge).
    /// </summary>
    /// <returns>The number of segments written, 0 on failure (counted in <see cref="MapFailures"/>).</returns>
    /// <exception cref="ArgumentException">An empty list, an element of length 0, or fewer output slots than elements.</exception>
    public int MapSg(DmaDevice device, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments,
        DmaDataDirection direction, out SimTime completesAt)
    {
        CheckCall(device, cpu, 1);
        if (list.IsEmpty) throw new ArgumentException("a scatter/gather list has at least one element", nameof(list));
        if (segments.Length < list.Length)
            throw new ArgumentException($"room for {segments.Length} segments, but the list has {list.Length} elements", nameof(segments));
        foreach (var e in list)
            if (e.Length == 0) throw new ArgumentException("a scatter/gather element has length 0", nameof(list));
        SgMapCalls++;
        SgEntries += list.Length;
        int count = device.Cookie is { } cookie
            ? MapSgTranslated(device, cookie, cpu, list, segments, direction, out completesAt)
            : MapSgDirect(device, cpu, list, segments, out completesAt);
        if (count == 0) MapFailures++;
        SgSegments += count;
        return count;
    }

    /// <summary>
    /// dma_unmap_sg: unmaps the segments <see cref="MapSg"/> returned. Translated, the whole IOVA range from
    /// the first segment's start to the last one's end is unmapped and freed at once, as Linux does.
    /// </summary>
    /// <exception cref="ArgumentException">No segments.</exception>
    public void UnmapSg(DmaDevice device, int cpu, ReadOnlySpan<DmaSegment> segments, DmaDataDirection direction,
        Action<object?>? onComplete = null, object? state = null)
    {
        CheckCall(device, cpu, 1);
        if (segments.IsEmpty) throw new ArgumentException("no segments to unmap", nameof(segments));
        UnmapCalls++;
        if (device.Cookie is { } cookie)
        {
            ulong start = segments[0].DmaAddress;
            var last = segments[^1];
            UnmapTranslated(cookie, cpu, start, last.DmaAddress + last.Length - start, onComplete, state);
            return;
        }
        var cost = SimTime.Zero;
        foreach (var s in segments) cost += UnbounceCost(s.DmaAddress, s.Length, direction);
        FinishDirect(cpu, Cpus.Charge(cpu, cost), onComplete, state);
    }

    // ---- dma-iommu ----

    private bool TryMapTranslated(DmaDevice device, DmaCookie cookie, int cpu, ulong paddr, ulong size, DmaDataDirection direction,
        out ulong dmaAddress, out SimTime completesAt)
    {
        ulong offset = paddr & PageMask;
        ulong length = AlignUp(size + offset);
        bool ok = TryAllocateIova(device, cookie, cpu, length, out ulong iova, out bool searchedTree);
        long cycles = _costs.MapCycles + (searchedTree ? _costs.IovaTreeCycles : 0);
        dmaAddress = 0;
        if (ok)
        {
            ok = TryMapRange(cookie, iova, paddr - offset, length, direction);
            if (ok) dmaAddress = iova + offset;
            else cookie.Allocator.Free(cpu, iova >> IovaAllocator.PageShift, length >> IovaAllocator.PageShift);
        }
        completesAt = Cpus.Charge(cpu, _costs.CyclesToTime(cycles));
        return ok;
    }

    private int MapSgTranslated(DmaDevice device, DmaCookie cookie, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments,
        DmaDataDirection direction, out SimTime completesAt)
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
            if (MapSgRanges(cookie, iova, list, iovaLength, direction))
                count = FinaliseSg(device, iova, list, iovaLength, segments);
            else
                cookie.Allocator.Free(cpu, iova >> IovaAllocator.PageShift, total >> IovaAllocator.PageShift);
        }
        if (searchedTree) cycles += _costs.IovaTreeCycles;
        completesAt = Cpus.Charge(cpu, _costs.CyclesToTime(cycles));
        return count;
    }

    // iommu_map_sg: one map call per run of physically contiguous elements. All or nothing.
    private bool MapSgRanges(DmaCookie cookie, ulong iova, ReadOnlySpan<ScatterEntry> list, ReadOnlySpan<ulong> iovaLength, DmaDataDirection direction)
    {
        ulong mapped = 0, runStart = 0, runLength = 0;
        for (int i = 0; i <= list.Length; i++)
        {
            ulong phys = i < list.Length ? list[i].PhysicalAddress & ~PageMask : 0;
            if (runLength != 0 && (i == list.Length || phys != runStart + runLength))
            {
                if (!TryMapRange(cookie, iova + mapped, runStart, runLength, direction))
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
    private bool TryMapRange(DmaCookie cookie, ulong iova, ulong paddr, ulong length, DmaDataDirection direction)
    {
        try
        {
            cookie.Domain.PageTable!.Map(iova, paddr, length, ToPermissions(direction));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        Observer?.OnMap(cookie.Domain, iova, paddr, length);
        return true;
    }

    private void UnmapTranslated(DmaCookie cookie, int cpu, ulong dmaAddress, ulong size, Action<object?>? onComplete, object? state)
    {
        ulong offset = dmaAddress & PageMask;
        ulong iova = dmaAddress - offset;
        ulong length = AlignUp(size + offset);
        // Linux WARNs and leaks here; a model with a double unmap would free the IOVA twice, so refuse it.
        if (!cookie.Domain.PageTable!.TryTranslate(iova, out _))
            throw new ArgumentException($"DMA address 0x{dmaAddress:x} is not mapped in {cookie.Domain}", nameof(dmaAddress));
        ulong unmapped = cookie.Domain.PageTable.Unmap(iova, length);
        Observer?.OnUnmap(cookie.Domain, iova, length, unmapped);

        var request = Rent();
        request.Cookie = cookie;
        request.Cpu = cpu;
        request.Iova = iova;
        request.Size = length;
        request.Callback = onComplete;
        request.State = state;
        long cycles = _costs.UnmapCycles + (cookie.FlushQueue is null ? _costs.FlushCycles : 0);
        var workDone = Cpus.Charge(cpu, _costs.CyclesToTime(cycles));
        _sim.Schedule(workDone - _sim.Now, s_afterUnmapWork, request);
    }

    private void AfterUnmapWork(PendingUnmap request)
    {
        var cookie = request.Cookie!;
        if (cookie.FlushQueue is { } queue)
        {
            queue.Enqueue(request);
            return;
        }
        // Strict: iommu_iotlb_sync on the unmapped range, spinning until it completes.
        StrictInvalidations++;
        request.SubmittedAt = _sim.Now;
        _invalidator!.InvalidateRange(cookie.Domain, request.Iova, request.Size, s_strictDone, request, 0);
    }

    private void OnStrictInvalidated(PendingUnmap request)
    {
        Cpus.Spin(request.Cpu, request.SubmittedAt, _sim.Now);
        request.Cookie!.Allocator.Free(request.Cpu, request.Pfn, request.Pages);
        StaleWindow.Record(0);
        Complete(request);
    }

    private void Complete(PendingUnmap request)
    {
        var callback = request.Callback;
        var state = request.State;
        Return(request);
        callback?.Invoke(state);
    }

    private DmaCookie CookieOf(Domain domain)
    {
        if (_cookies.TryGetValue(domain, out var cookie)) return cookie;
        if (domain.PageTable is null)
            throw new ArgumentException($"{domain} has no page table", nameof(domain));
        var allocator = new IovaAllocator(_sim, Cpus.CpuCount);
        if (MsiWindowEnd <= (domain.AddressWidthBits >= 64 ? ulong.MaxValue : (1UL << domain.AddressWidthBits) - 1))
            allocator.Reserve(MsiWindowStart >> IovaAllocator.PageShift, MsiWindowEnd >> IovaAllocator.PageShift);
        var queue = domain.Type == DomainType.DmaLazy
            ? new FlushQueue(_sim, domain, Parameters.FlushQueue, Cpus.CpuCount, _invalidator!, allocator, Cpus, _costs, StaleWindow, _complete)
            : null;
        cookie = new DmaCookie(this, domain, allocator, queue);
        _cookies.Add(domain, cookie);
        return cookie;
    }

    // ---- dma-direct and SWIOTLB ----

    private bool TryMapDirect(DmaDevice device, int cpu, ulong paddr, ulong size, out ulong dmaAddress, out SimTime completesAt)
    {
        bool ok = TryMapDirectNoCharge(device, paddr, size, out dmaAddress, out var cost);
        completesAt = Cpus.Charge(cpu, cost);
        return ok;
    }

    private bool TryMapDirectNoCharge(DmaDevice device, ulong paddr, ulong size, out ulong dmaAddress, out SimTime cost)
    {
        cost = SimTime.Zero;
        bool reachable = size - 1 <= device.DmaMask && paddr <= device.DmaMask - (size - 1);
        if (device.Path == DmaPath.Direct && reachable)
        {
            dmaAddress = paddr;
            return true;
        }
        // Bounce: swiotlb_tbl_map_single copies the buffer in at map time, whatever the direction.
        dmaAddress = 0;
        var pool = Swiotlb;
        if (pool is null || pool.BaseAddress + (ulong)pool.Size.Bytes - 1 > device.DmaMask) return false;
        if (!pool.TryMap(size, out dmaAddress)) return false;
        cost = _costs.MemcpyTime(size);
        BouncedBytes += (long)size;
        return true;
    }

    private int MapSgDirect(DmaDevice device, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments, out SimTime completesAt)
    {
        var cost = SimTime.Zero;
        for (int i = 0; i < list.Length; i++)
        {
            if (!TryMapDirectNoCharge(device, list[i].PhysicalAddress, list[i].Length, out ulong dma, out var c))
            {
                // dma_direct_map_sg undoes the elements already mapped (no copy back).
                for (int j = 0; j < i; j++)
                    if (Swiotlb is { } pool && pool.Contains(segments[j].DmaAddress)) pool.Unmap(segments[j].DmaAddress);
                completesAt = Cpus.Charge(cpu, cost + c);
                return 0;
            }
            cost += c;
            segments[i] = new DmaSegment(dma, list[i].Length);
        }
        completesAt = Cpus.Charge(cpu, cost);
        return list.Length;
    }

    // swiotlb_tbl_unmap_single: copies back for FROM_DEVICE and BIDIRECTIONAL, then frees the slots.
    private SimTime UnbounceCost(ulong dmaAddress, ulong size, DmaDataDirection direction)
    {
        if (Swiotlb is not { } pool || !pool.Contains(dmaAddress)) return SimTime.Zero;
        ulong mapped = pool.Unmap(dmaAddress);
        if (direction == DmaDataDirection.ToDevice) return SimTime.Zero;
        ulong bytes = Math.Min(size, mapped);
        BouncedBytes += (long)bytes;
        return _costs.MemcpyTime(bytes);
    }

    private void FinishDirect(int cpu, SimTime done, Action<object?>? onComplete, object? state)
    {
        if (onComplete is null) return;
        var request = Rent();
        request.Cpu = cpu;
        request.Callback = onComplete;
        request.State = state;
        _sim.Schedule(done - _sim.Now, s_directDone, request);
    }

    private static void DirectDone(PendingUnmap request) => request.Owner!.Complete(request);

    // ---- helpers ----

    private PendingUnmap Rent()
    {
        var r = _freeRequests;
        if (r is null) return new PendingUnmap { Owner = this };
        _freeRequests = r.Next;
        r.Next = null;
        return r;
    }

    private void Return(PendingUnmap request)
    {
        request.Callback = null;
        request.State = null;
        request.Cookie = null;
        request.Next = _freeRequests;
        _freeRequests = request;
    }

    private void CheckCall(DmaDevice device, int cpu, ulong size)
    {
        ArgumentNullException.ThrowIfNull(device);
        if ((uint)cpu >= (uint)Cpus.CpuCount)
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU index must be 0 to {Cpus.CpuCount - 1}");
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), "a DMA mapping has at least one byte");
        if (device.Cookie is { } c && !ReferenceEquals(c.Owner, this))
            throw new ArgumentException($"{device.Name} was attached to another DMA API", nameof(device));
    }

    private static Permissions ToPermissions(DmaDataDirection direction) => direction switch
    {
        DmaDataDirection.ToDevice => Permissions.Read,
        DmaDataDirection.FromDevice => Permissions.Write,
        _ => Permissions.ReadWrite,
    };

    private static ulong AlignUp(ulong bytes) => (bytes + PageMask) & ~PageMask;
}
