using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;
using IommuSim.Platform;

namespace IommuSim.Host;

/// <summary>
/// The Linux streaming DMA API of one host: dma_map_single, dma_map_sg, their unmaps and the syncs, for each
/// device through the path its host mode and domain give it (dma-direct, SWIOTLB bounce, or dma-iommu in strict
/// or lazy mode), with the CPU time each call costs and the stale-IOTLB window each unmap leaves.
/// </summary>
/// <remarks>
/// <para>Calls run on a CPU their caller holds (<see cref="HostCpu"/>): the driver code calling the API runs on
/// it. A call changes the model at once (IOVA allocated, page table written or cleared) and tells the caller
/// how long the CPU is busy with it: a map returns its CPU cost, which the caller holds the CPU for before the
/// device may see the address. An unmap returns through its callback, from the event loop and never inside
/// the call, and the caller holds the CPU until then: in lazy mode after the unmap's CPU work (plus a flush
/// it spins on when the queue was full), in strict mode after the CPU work and the range invalidation it
/// spins on (qi_submit_sync, interrupts off). In strict mode the IOVA is freed only then.</para>
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

    private static readonly Action<object?> s_directDone = static s => ((PendingUnmap)s!).Owner!.Complete((PendingUnmap)s!);

    private readonly Simulation _sim;
    private readonly IIotlbInvalidator? _invalidator;
    private readonly IommuDmaOps _iommu;
    private readonly DirectDmaOps _direct;
    private PendingUnmap? _freeRequests;

    /// <summary>Creates the DMA API of a host.</summary>
    /// <param name="sim">The simulation.</param>
    /// <param name="mode">The host's IOMMU mode.</param>
    /// <param name="parameters">Costs, flush-queue layout, forcedac, SWIOTLB size.</param>
    /// <param name="cpus">The CPUs that call the API.</param>
    /// <param name="invalidator">The IOMMU's IOTLB invalidation; required for lazy and strict modes.</param>
    /// <param name="swiotlbBase">Physical base of the SWIOTLB pool (modes off, passthrough and swiotlb).</param>
    /// <exception cref="ArgumentException">A translated mode without an invalidator, or invalid parameters.</exception>
    public DmaApi(Simulation sim, HostMode mode, DmaApiParams parameters, HostCpus cpus, IIotlbInvalidator? invalidator,
        ulong swiotlbBase = DefaultSwiotlbBase)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cpus);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown host mode");
        if (mode is HostMode.Lazy or HostMode.Strict && invalidator is null)
            throw new ArgumentException($"host mode {mode} translates DMA and needs an IOTLB invalidator", nameof(invalidator));
        foreach (var problem in parameters.Validate())
            throw new ArgumentException($"{problem.Key}: {problem.Message}", nameof(parameters));
        _sim = sim;
        Mode = mode;
        Parameters = parameters;
        Cpus = cpus;
        _invalidator = invalidator;
        // x86 keeps a SWIOTLB pool when nothing translates (or when forced); with DMA domains it is freed.
        if (mode is HostMode.Off or HostMode.Passthrough or HostMode.Swiotlb)
            Swiotlb = new SwiotlbPool(swiotlbBase, parameters.SwiotlbSize);
        _iommu = new IommuDmaOps(this, sim, invalidator);
        _direct = new DirectDmaOps(this);
    }

    /// <summary>The host's IOMMU mode.</summary>
    public HostMode Mode { get; }
    /// <summary>The parameters.</summary>
    public DmaApiParams Parameters { get; }
    /// <summary>The CPUs the calls run on.</summary>
    public HostCpus Cpus { get; }
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
    public long StrictInvalidations => _iommu.StrictInvalidations;
    /// <summary>Strict range invalidations issued leaf-only (the unmap freed no page-table page).</summary>
    public long LeafOnlyInvalidations => _iommu.LeafOnlyInvalidations;
    /// <summary>Bytes copied by SWIOTLB bounce buffering, both ways.</summary>
    public long BouncedBytes { get; internal set; }

    /// <summary>The translated domains that have devices, in the order their first device attached.</summary>
    public IReadOnlyList<Domain> TranslatedDomains => _iommu.Domains;

    /// <summary>Zeroes the call counters (e.g. after warm-up); state, queues and the stale-window histogram stay.</summary>
    public void ResetCounters()
    {
        MapCalls = SgMapCalls = SgEntries = SgSegments = MapFailures = UnmapCalls = BouncedBytes = 0;
        _iommu.ResetCounters();
    }

    /// <summary>
    /// Registers a device. Without an IOMMU (modes off and swiotlb) <paramref name="domain"/> must be null;
    /// otherwise it is the device's domain and its type picks the path: identity is dma-direct, DMA strict
    /// and DMA lazy go through the IOMMU; null (a device outside every unit's scope) is dma-direct. The first
    /// device of a translated domain creates its IOVA space, with the x86 interrupt window reserved.
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
                cookie = _iommu.CookieOf(domain);
            }
        }
        return new DmaDevice(name, domain, dmaMask, isPci, maxSegmentSize, path, cookie)
        {
            TriesBelow4GiBFirst = isPci && !Parameters.ForceDac,
        };
    }

    /// <summary>The IOVA allocator of a translated domain that has devices; null otherwise.</summary>
    public IovaAllocator? AllocatorOf(Domain domain) => _iommu.CookieIfAny(domain)?.Allocator;

    /// <summary>The flush queue of a lazy domain that has devices; null otherwise.</summary>
    public FlushQueue? FlushQueueOf(Domain domain) => _iommu.CookieIfAny(domain)?.FlushQueue;

    /// <summary>iommu_map calls on <paramref name="domain"/> since the last reset (one <c>map</c> trace event each); 0 when untranslated.</summary>
    public long IommuMapsOf(Domain domain) => _iommu.CookieIfAny(domain)?.IommuMaps ?? 0;

    /// <summary>iommu_unmap calls on <paramref name="domain"/> since the last reset (one <c>unmap</c> trace event each).</summary>
    public long IommuUnmapsOf(Domain domain) => _iommu.CookieIfAny(domain)?.IommuUnmaps ?? 0;

    /// <summary>
    /// dma_map_single: maps <paramref name="size"/> bytes at <paramref name="paddr"/> for <paramref name="device"/>,
    /// on <paramref name="cpu"/>, which the caller holds.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="cpu">The calling CPU.</param>
    /// <param name="paddr">Physical address of the buffer (any alignment).</param>
    /// <param name="size">Bytes, at least 1.</param>
    /// <param name="direction">Which way the data goes; gives the IOMMU permissions.</param>
    /// <param name="dmaAddress">The address to give the device; 0 on failure.</param>
    /// <param name="cost">The CPU time of the call, also on failure: the caller holds the CPU that long, and the
    /// address is the device's only when the call returns.</param>
    /// <returns>False when the mapping failed (dma_mapping_error), counted in <see cref="MapFailures"/>.</returns>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public bool TryMapSingle(DmaDevice device, int cpu, ulong paddr, ulong size, DmaDataDirection direction,
        out ulong dmaAddress, out SimTime cost)
    {
        CheckCall(device, cpu, size);
        MapCalls++;
        bool ok = device.Cookie is { } cookie
            ? _iommu.TryMap(device, cookie, cpu, paddr, size, direction, out dmaAddress, out cost)
            : _direct.TryMap(device, cpu, paddr, size, out dmaAddress, out cost);
        if (!ok) MapFailures++;
        return ok;
    }

    /// <summary>
    /// dma_unmap_single: unmaps what <see cref="TryMapSingle"/> returned (same address and size), on
    /// <paramref name="cpu"/>, which the caller holds until <paramref name="onReturn"/>(<paramref name="state"/>,
    /// <paramref name="token"/>) runs (see remarks).
    /// </summary>
    /// <exception cref="ArgumentException">Translated, and the address is not mapped (e.g. a double unmap).</exception>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public void UnmapSingle(DmaDevice device, int cpu, ulong dmaAddress, ulong size, DmaDataDirection direction,
        Action<object?, long>? onReturn = null, object? state = null, long token = 0)
    {
        CheckCall(device, cpu, size);
        UnmapCalls++;
        if (device.Cookie is { } cookie) _iommu.Unmap(device, cookie, cpu, dmaAddress, size, Rent(cpu, onReturn, state, token));
        else ReturnAfter(_direct.Unbounce(cpu, dmaAddress, size, direction), Rent(cpu, onReturn, state, token));
    }

    /// <summary>
    /// dma_map_sg: maps the elements of <paramref name="list"/> and writes the DMA segments to
    /// <paramref name="segments"/> (see remarks for how they merge), on <paramref name="cpu"/>, which the caller holds.
    /// </summary>
    /// <returns>The number of segments written, 0 on failure (counted in <see cref="MapFailures"/>).</returns>
    /// <exception cref="ArgumentException">An empty list, an element of length 0, or fewer output slots than elements.</exception>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public int MapSg(DmaDevice device, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments,
        DmaDataDirection direction, out SimTime cost)
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
            ? _iommu.MapSg(device, cookie, cpu, list, segments, direction, out cost)
            : _direct.MapSg(device, cpu, list, segments, out cost);
        if (count == 0) MapFailures++;
        SgSegments += count;
        return count;
    }

    /// <summary>
    /// dma_unmap_sg: unmaps the segments <see cref="MapSg"/> returned, on a CPU the caller holds until
    /// <paramref name="onReturn"/> runs. Translated, the whole IOVA range from the first segment's start to the
    /// last one's end is unmapped and freed at once, as Linux does.
    /// </summary>
    /// <exception cref="ArgumentException">No segments.</exception>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public void UnmapSg(DmaDevice device, int cpu, ReadOnlySpan<DmaSegment> segments, DmaDataDirection direction,
        Action<object?, long>? onReturn = null, object? state = null, long token = 0)
    {
        CheckCall(device, cpu, 1);
        if (segments.IsEmpty) throw new ArgumentException("no segments to unmap", nameof(segments));
        UnmapCalls++;
        var request = Rent(cpu, onReturn, state, token);
        if (device.Cookie is { } cookie)
        {
            ulong start = segments[0].DmaAddress;
            var last = segments[^1];
            _iommu.Unmap(device, cookie, cpu, start, last.DmaAddress + last.Length - start, request);
            return;
        }
        var cost = SimTime.Zero;
        foreach (var s in segments) cost += _direct.Unbounce(cpu, s.DmaAddress, s.Length, direction);
        ReturnAfter(cost, request);
    }

    /// <summary>
    /// dma_sync_single_for_cpu: before the CPU reads a buffer the device wrote. A buffer bounced through SWIOTLB
    /// is copied out of its slot (FROM_DEVICE and BIDIRECTIONAL); anything else costs nothing.
    /// </summary>
    /// <returns>The CPU time of the copy, accounted to <paramref name="cpu"/>, which the caller holds that long.</returns>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public SimTime SyncForCpu(DmaDevice device, int cpu, ulong dmaAddress, ulong size, DmaDataDirection direction)
    {
        CheckCall(device, cpu, size);
        return direction == DmaDataDirection.ToDevice ? SimTime.Zero : _direct.SyncBounced(cpu, dmaAddress, size);
    }

    /// <summary>
    /// dma_sync_single_for_device: before the device reads a buffer the CPU wrote. A buffer bounced through
    /// SWIOTLB is copied into its slot (TO_DEVICE and BIDIRECTIONAL); anything else costs nothing.
    /// </summary>
    /// <returns>The CPU time of the copy, accounted to <paramref name="cpu"/>, which the caller holds that long.</returns>
    /// <exception cref="InvalidOperationException">The caller does not hold <paramref name="cpu"/>.</exception>
    public SimTime SyncForDevice(DmaDevice device, int cpu, ulong dmaAddress, ulong size, DmaDataDirection direction)
    {
        CheckCall(device, cpu, size);
        return direction == DmaDataDirection.FromDevice ? SimTime.Zero : _direct.SyncBounced(cpu, dmaAddress, size);
    }

    internal IommuDmaOps IommuOps => _iommu;

    // An unmap that ends after its CPU work alone (dma-direct, SWIOTLB): returns from the event loop.
    private void ReturnAfter(SimTime cost, PendingUnmap request)
    {
        if (request.Callback is null)
        {
            Return(request);
            return;
        }
        _sim.Schedule(cost, s_directDone, request);
    }

    internal void Complete(PendingUnmap request)
    {
        var (callback, state, token) = (request.Callback, request.State, request.Token);
        Return(request);
        callback?.Invoke(state, token);
    }

    private PendingUnmap Rent(int cpu, Action<object?, long>? callback, object? state, long token)
    {
        var r = _freeRequests ?? new PendingUnmap { Owner = this };
        _freeRequests = r.Next;
        r.Next = null;
        r.Cpu = cpu;
        r.Callback = callback;
        r.State = state;
        r.Token = token;
        r.LeafOnly = false;
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
        if ((uint)cpu >= (uint)Cpus.Count)
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"CPU index must be 0 to {Cpus.Count - 1}");
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), "a DMA mapping has at least one byte");
        if (device.Cookie is { } c && !ReferenceEquals(c.Owner, this))
            throw new ArgumentException($"{device.Name} was attached to another DMA API", nameof(device));
        if (!Cpus[cpu].IsHeld)
            throw new InvalidOperationException($"DMA API call for {device.Name} on CPU {cpu}, which the caller does not hold");
    }
}
