using System.Runtime.CompilerServices;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Observe;
using IommuSim.Platform;

namespace IommuSim.Iommu;

/// <summary>
/// One IOMMU unit's DMA translation: a request goes to the device ATC (with ATS), then the context cache,
/// the IOTLB, the paging-structure caches and finally a page walk on one of N walkers, each level a memory
/// read. Faults abort the DMA, are counted and logged, and raise <c>io_page_fault</c> trace events.
/// </summary>
/// <remarks>
/// <para>Timing: every request pays <see cref="IommuParams.LookupLatency"/> (the ATC's latency too with ATS);
/// a context-cache miss adds the context fetch (<see cref="ContextCacheParams.FetchReads"/> memory reads);
/// an IOTLB miss then waits for a walker and walks. Hits, and faults found without a walk, finish at once:
/// <see cref="Translate"/> returns true and the caller adds the latency. Anything else returns false and
/// finishes later through <see cref="ITranslationClient.OnTranslated"/>.</para>
/// <para>The domain comes from the requester ID: <see cref="Attach"/> writes the context table; the context
/// cache keeps what it read until a context invalidation, so re-attaching without one keeps translating in
/// the old domain, as hardware does. Likewise unmapping without an IOTLB invalidation leaves stale IOTLB
/// entries that still translate.</para>
/// <para>A walk's answer comes from the tables at its start; it fills the IOTLB at its end unless an IOTLB
/// invalidation completed meanwhile (then only the waiting requests get the answer).</para>
/// <para>The hit path allocates nothing; misses use pooled state.</para>
/// </remarks>
public sealed class TranslationUnit : IInvalidationTarget
{
    /// <summary>Fault records kept before the log overflows: VT-d's CAP_REG.NFR allows at most 256 fault-recording registers.</summary>
    public const int FaultLogCapacity = 256;

    private static readonly Action<object?> AfterContextFetch = static s => { var p = (PendingTranslation)s!; p.Owner.OnContextFetched(p); };
    private static readonly Action<object?> ToWalkers = static s => { var p = (PendingTranslation)s!; p.Owner._pool.Submit(p); };
    private static readonly Action<object?> Deliver = static s => { var p = (PendingTranslation)s!; p.Owner.DeliverDecided(p); };

    private readonly Simulation _sim;
    private readonly ContextTable _context = new();
    private readonly ContextCache _contextCache;
    private readonly Iotlb _iotlb;
    private readonly Iotlb? _stage2Tlb;
    private readonly WalkCaches _stage1Caches;
    private readonly WalkCaches _stage2Caches;
    private readonly PageWalkerPool _pool;
    private readonly MemoryLatencyModel _memory;
    private readonly RandomStream _replacementSeeds;
    private readonly CacheParams _atcGeometry;
    private readonly SimTime _lookupLatency;
    private readonly SimTime _atcLatency;
    private readonly int _contextFetchReads;
    private readonly bool _atsEnabled;
    private readonly FaultRecorder _faults;
    private readonly PendingTranslationPool _pending;

    /// <summary>Builds a unit with empty caches and no attached device.</summary>
    /// <param name="simulation">The simulation it runs on.</param>
    /// <param name="parameters">The unit's parameters; checked whole.</param>
    /// <param name="memory">Latency of the memory reads walks and context fetches make.</param>
    /// <param name="streams">The run's random streams; the unit uses the family <paramref name="name"/> derives
    /// (<c>memory</c> for read latencies, <c>replacement</c> for random-replacement seeds).</param>
    /// <param name="name">The unit's name, e.g. <c>dmar0</c>; keeps its random numbers apart from other units'.</param>
    /// <param name="trace">Where io_page_fault events go; null for a private, unobserved one.</param>
    /// <exception cref="ArgumentException">The parameters have problems (all are listed).</exception>
    public TranslationUnit(Simulation simulation, IommuParams parameters, MemoryParams memory, RandomStreams streams,
        string name = "iommu0", IommuTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var problems = parameters.ValidateAll().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("invalid IOMMU parameters: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")),
                nameof(parameters));

        _sim = simulation;
        Parameters = parameters;
        Name = name;
        Trace = trace ?? new IommuTrace();
        _faults = new FaultRecorder(FaultLogCapacity, Trace);
        _pending = new PendingTranslationPool(this);
        Format = parameters.ToPageTableFormat();
        var family = streams.Derive(name);
        _memory = new MemoryLatencyModel(memory, family.Get("memory"));
        _replacementSeeds = family.Get("replacement");

        var tlb = parameters.Iotlb;
        var sizes = parameters.SupportedPageSizes;
        _iotlb = new Iotlb(tlb.Organization, CacheShape.Of(tlb.Entries, tlb.Ways, tlb.Replacement),
            CacheShape.Of(tlb.LargePageEntries, tlb.LargePageWays, tlb.Replacement), sizes, NextSeed());
        _stage2Tlb = tlb.Stage2Entries == 0 ? null
            : new Iotlb(IotlbOrganization.Unified, CacheShape.Of(tlb.Stage2Entries, tlb.Stage2Ways, tlb.Replacement), null, sizes, NextSeed());
        _stage1Caches = WalkCaches.Stage1(parameters.WalkCaches, NextSeed());
        _stage2Caches = WalkCaches.Stage2(parameters.WalkCaches, NextSeed());
        var context = parameters.ContextCache;
        _contextCache = new ContextCache(CacheShape.Of(context.Entries, context.Ways, context.Replacement), NextSeed());
        _contextFetchReads = context.FetchReads;
        var ats = parameters.Ats;
        _atsEnabled = ats.Enabled;
        _atcGeometry = CacheShape.Of(ats.Entries, ats.Ways, ats.Replacement);
        _atcLatency = ats.LookupLatency;
        _lookupLatency = parameters.LookupLatency;
        Walker = new PageWalker(_stage1Caches, _stage2Caches, _stage2Tlb, _memory);
        _pool = new PageWalkerPool(simulation, parameters.Walkers, Walker, this);
    }

    /// <summary>The unit's parameters.</summary>
    public IommuParams Parameters { get; }
    /// <summary>The unit's name.</summary>
    public string Name { get; }
    /// <summary>The page-table format domains attached to this unit must fit in.</summary>
    public PageTableFormat Format { get; }
    /// <summary>Where io_page_fault events go.</summary>
    public IommuTrace Trace { get; }
    /// <summary>The context cache.</summary>
    public ContextCache ContextCache => _contextCache;
    /// <summary>The IOTLB (stage 1, or combined translations of nested domains).</summary>
    public Iotlb Iotlb => _iotlb;
    /// <summary>The stage-2 TLB of nested walks; null when configured with 0 entries.</summary>
    public Iotlb? Stage2Tlb => _stage2Tlb;
    /// <summary>The stage-1 paging-structure caches.</summary>
    public WalkCaches WalkCaches => _stage1Caches;
    /// <summary>The stage-2 paging-structure caches.</summary>
    public WalkCaches Stage2WalkCaches => _stage2Caches;
    /// <summary>The walk logic.</summary>
    public PageWalker Walker { get; }
    /// <summary>The walkers.</summary>
    public PageWalkerPool Walkers => _pool;
    /// <summary>The memory-read latency model of walks and context fetches.</summary>
    public MemoryLatencyModel Memory => _memory;

    /// <summary>Translations requested.</summary>
    public long Requests { get; private set; }
    /// <summary>Translations finished (successes and faults).</summary>
    public long Completed { get; private set; }
    /// <summary>Translations that faulted (aborted DMAs).</summary>
    public long Faults => _faults.Count;
    /// <summary>Context-cache misses that read the context table.</summary>
    public long ContextFetches { get; private set; }
    /// <summary>The most recent faults, oldest first, at most <see cref="FaultLogCapacity"/>.</summary>
    public IReadOnlyList<IoPageFault> FaultLog => _faults.Log;
    /// <summary>Faults not logged because the log was full (VT-d's primary fault overflow).</summary>
    public long FaultLogOverflows => _faults.Overflows;

    // Bumped by every invalidation that can make a cached translation wrong; a walk or decision older than
    // the current epoch does not fill a cache.
    internal long Epoch { get; private set; }

    /// <summary>Faults of <paramref name="kind"/>.</summary>
    public long FaultCount(IoFaultKind kind) => _faults.CountOf(kind);

    /// <summary>Empties the fault log (software reading the fault-recording registers).</summary>
    public void ClearFaultLog() => _faults.ClearLog();

    /// <summary>
    /// Writes <paramref name="requesterId"/>'s context-table entry: its DMA is translated in
    /// <paramref name="domain"/>. A cached old entry stays until a context invalidation.
    /// </summary>
    /// <param name="requesterId">The device (bus &lt;&lt; 8 | device &lt;&lt; 3 | function).</param>
    /// <param name="domain">The domain; its tables must fit this unit's format.</param>
    /// <param name="deviceName">Its <c>dev_name()</c> for trace events; default <c>0000:bb:dd.f</c>.</param>
    /// <param name="driverName">Its driver name for trace events.</param>
    /// <exception cref="ArgumentException">The domain's tables (or its stage 2's) have more levels or other page sizes than the unit supports.</exception>
    public void Attach(ushort requesterId, Domain domain, string? deviceName = null, string driverName = "")
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(driverName);
        CheckFits(domain);
        if (domain.Parent is { } parent) CheckFits(parent);
        _context.Write(requesterId, domain, deviceName, driverName,
            _atsEnabled ? () => new DeviceAtc(requesterId, _atcGeometry, Parameters.SupportedPageSizes, NextSeed()) : null);
    }

    /// <summary>Clears <paramref name="requesterId"/>'s context-table entry (a cached copy stays until invalidated).</summary>
    public void Detach(ushort requesterId) => _context.Clear(requesterId);

    /// <summary>The domain in <paramref name="requesterId"/>'s context-table entry, or null.</summary>
    public Domain? DomainOf(ushort requesterId) => _context[requesterId]?.Domain;

    /// <summary>The ATC of <paramref name="requesterId"/>, or null (never attached, or ATS off).</summary>
    public DeviceAtc? AtcOf(ushort requesterId) => _context[requesterId]?.Atc;

    /// <summary>
    /// Translates one DMA. Returns true when the translation finished at once (a hit, or a fault found without a
    /// walk): <paramref name="result"/> holds it and <paramref name="client"/> is not called. Returns false when
    /// it needs a context fetch or a walk: <paramref name="client"/> receives it, with <paramref name="token"/>,
    /// at the simulated time it finishes.
    /// </summary>
    public bool Translate(in TranslationRequest request, ITranslationClient client, long token, out Translation result)
    {
        ArgumentNullException.ThrowIfNull(client);
        Requests++;
        var slot = _context[request.RequesterId];
        var lookup = _lookupLatency;
        DeviceAtc? atc = null;
        if (request.UseAts && slot is not null && (atc = slot.Atc) is not null)
        {
            // A translated request: the device's own ATC answers and the IOMMU never sees the DMA.
            if (atc.TryLookup(request.Iova, out var cached) && PermissionFault(cached.Permissions, request.Access) == IoFaultKind.None)
            {
                result = new Translation(request, slot.Domain?.Id ?? -1, TranslationSource.DeviceAtc, IoFaultKind.None, cached, 0,
                    new TranslationLatency(_atcLatency, default, default, default));
                Completed++;
                return true;
            }
            lookup = _atcLatency + _lookupLatency;
        }

        if (!_contextCache.TryLookup(request.RequesterId, out var domain))
        {
            var fetch = _pending.Rent(request, client, token, lookup);
            fetch.ContextFetch = _memory.NextReads(_contextFetchReads);
            ContextFetches++;
            _sim.Schedule(fetch.ContextFetch, AfterContextFetch, fetch);
            result = default;
            return false;
        }

        if (Decide(request, domain, out var leaf, out var fault, out var source))
        {
            if (fault == IoFaultKind.None) atc?.Insert(request.Iova, leaf);
            result = new Translation(request, domain.Id, source, fault, leaf, 0, new TranslationLatency(lookup, default, default, default));
            Completed++;
            if (fault != IoFaultKind.None) RecordFault(result);
            return true;
        }

        var miss = _pending.Rent(request, client, token, lookup);
        miss.Domain = domain;
        _sim.Schedule(lookup, ToWalkers, miss);
        result = default;
        return false;
    }

    /// <inheritdoc/>
    public void Apply(in InvalidationDescriptor descriptor)
    {
        switch (descriptor.Kind)
        {
            case InvalidationKind.ContextGlobal:
                _contextCache.InvalidateAll();
                break;
            case InvalidationKind.ContextDomain:
                _contextCache.InvalidateDomain(descriptor.DomainId);
                break;
            case InvalidationKind.ContextDevice:
                _contextCache.InvalidateDevice(descriptor.RequesterId);
                break;
            case InvalidationKind.IotlbGlobal:
                _iotlb.InvalidateAll();
                _stage1Caches.InvalidateAll();
                _stage2Tlb?.InvalidateAll();
                _stage2Caches.InvalidateAll();
                Epoch++;
                break;
            case InvalidationKind.IotlbDomain:
                _iotlb.InvalidateDomain(descriptor.DomainId);
                _stage1Caches.InvalidateDomain(descriptor.DomainId);
                _stage2Tlb?.InvalidateDomain(descriptor.DomainId);
                _stage2Caches.InvalidateDomain(descriptor.DomainId);
                InvalidateNestedOver(descriptor.DomainId);
                Epoch++;
                break;
            case InvalidationKind.IotlbPage:
            {
                int domainId = descriptor.DomainId;
                ulong start = descriptor.RangeStart, bytes = descriptor.RangeBytes;
                _iotlb.InvalidateRange(domainId, start, bytes);
                _stage2Tlb?.InvalidateRange(domainId, start, bytes);
                if (!(descriptor.LeafOnly && Parameters.Invalidation.LeafHintKeepsWalkCaches))
                {
                    _stage1Caches.InvalidateRange(domainId, start, bytes);
                    _stage2Caches.InvalidateRange(domainId, start, bytes);
                }
                // The range is guest-physical for nested domains over this one; their combined entries
                // cannot be found by it, so they all go.
                InvalidateNestedOver(domainId);
                Epoch++;
                break;
            }
            case InvalidationKind.DeviceTlb:
                _context[descriptor.RequesterId]?.Atc?.InvalidateRange(descriptor.RangeStart, descriptor.RangeBytes);
                Epoch++;
                break;
            default:
                // Interrupt-entry-cache and wait descriptors do not concern translation caches.
                break;
        }
    }

    /// <summary>Lookups in the ATCs of the devices attached to this unit that hit.</summary>
    public long AtcHits => _context.Atcs.Sum(a => a.Hits);

    /// <summary>Lookups in the ATCs of the devices attached to this unit that missed.</summary>
    public long AtcMisses => _context.Atcs.Sum(a => a.Misses);

    /// <summary>Zeroes the unit's and its caches' counters (e.g. after warm-up); contents and the fault log stay.</summary>
    public void ResetCounters()
    {
        Requests = Completed = ContextFetches = 0;
        _faults.ResetCounters();
        _iotlb.ResetCounters();
        _stage2Tlb?.ResetCounters();
        _stage1Caches.ResetCounters();
        _stage2Caches.ResetCounters();
        _contextCache.Cache.ResetCounters();
        _pool.ResetCounters();
        foreach (var atc in _context.Atcs) atc.ResetCounters();
    }

    // The answer for a request in a known domain, if it needs no walk: blocked, passthrough, out of range,
    // or an IOTLB hit (with its permission check). Inlined: it is most of the hit path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Decide(in TranslationRequest request, Domain domain, out TranslationLeaf leaf, out IoFaultKind fault, out TranslationSource source)
    {
        switch (domain.Type)
        {
            case DomainType.Blocked:
                (leaf, fault, source) = (default, IoFaultKind.BlockedDomain, TranslationSource.None);
                return true;
            case DomainType.Identity:
                (leaf, fault, source) = (new TranslationLeaf(request.Iova, PageSize.Size4KiB, Permissions.ReadWrite), IoFaultKind.None,
                    TranslationSource.Passthrough);
                return true;
        }
        if (request.Iova >> domain.AddressWidthBits != 0)
        {
            (leaf, fault, source) = (default, IoFaultKind.BeyondAddressWidth, TranslationSource.None);
            return true;
        }
        if (_iotlb.TryLookup(domain.Id, request.Iova, out leaf))
        {
            fault = PermissionFault(leaf.Permissions, request.Access);
            source = TranslationSource.Iotlb;
            return true;
        }
        (fault, source) = (IoFaultKind.None, TranslationSource.None);
        return false;
    }

    private static IoFaultKind PermissionFault(Permissions granted, AccessKind access) => access == AccessKind.Write
        ? ((granted & Permissions.Write) != 0 ? IoFaultKind.None : IoFaultKind.WriteToReadOnly)
        : ((granted & Permissions.Read) != 0 ? IoFaultKind.None : IoFaultKind.ReadNotPermitted);

    private void OnContextFetched(PendingTranslation pending)
    {
        var domain = _context[pending.Request.RequesterId]?.Domain;
        pending.Epoch = Epoch;
        if (domain is null)
        {
            (pending.Leaf, pending.Fault, pending.Source) = (default, IoFaultKind.ContextNotPresent, TranslationSource.None);
            _sim.Schedule(pending.Lookup, Deliver, pending);
            return;
        }
        _contextCache.Insert(pending.Request.RequesterId, domain);
        pending.Domain = domain;
        bool decided = Decide(pending.Request, domain, out pending.Leaf, out pending.Fault, out pending.Source);
        _sim.Schedule(pending.Lookup, decided ? Deliver : ToWalkers, pending);
    }

    private void DeliverDecided(PendingTranslation p)
    {
        var translation = new Translation(p.Request, p.Domain?.Id ?? -1, p.Source, p.Fault, p.Leaf, 0,
            new TranslationLatency(p.Lookup, p.ContextFetch, default, default));
        Complete(p, translation, p.Epoch);
    }

    // Called by the walker pool when a walk ends: fill the IOTLB, then answer every request that waited for it.
    internal void FinishWalk(WalkJob job)
    {
        var result = job.Result;
        var domain = job.Domain;
        if (result.Found && job.Epoch == Epoch) _iotlb.Insert(domain.Id, job.Iova, result.Leaf);
        var now = _sim.Now;
        var size = result.Leaf.PageSize;
        for (var p = job.First; p is not null;)
        {
            var next = p.Next;
            bool leader = ReferenceEquals(p, job.First);
            TranslationLeaf leaf = default;
            var fault = result.Fault;
            if (result.Found)
            {
                leaf = new TranslationLeaf(result.Leaf.PagePhysicalAddress | (p.Request.Iova & size.OffsetMask), size, result.Leaf.Permissions);
                fault = PermissionFault(leaf.Permissions, p.Request.Access);
            }
            var started = SimTime.Max(p.WalkQueuedAt, job.GrantedAt);
            var latency = new TranslationLatency(p.Lookup, p.ContextFetch, started - p.WalkQueuedAt, now - started);
            var translation = new Translation(p.Request, domain.Id, leader ? TranslationSource.PageWalk : TranslationSource.SharedWalk,
                fault, leaf, leader ? result.Reads : 0, latency);
            Complete(p, translation, job.Epoch);
            p = next;
        }
    }

    // Hands a finished slow-path translation to its client; the pooled state is recycled first, so the client
    // may translate again from inside the callback.
    private void Complete(PendingTranslation p, in Translation translation, long epoch)
    {
        if (translation.Succeeded && p.Request.UseAts && epoch == Epoch)
            _context[p.Request.RequesterId]?.Atc?.Insert(p.Request.Iova, translation.Leaf);
        Completed++;
        if (!translation.Succeeded) RecordFault(translation);
        var client = p.Client!;
        long token = p.Token;
        _pending.Return(p);
        client.OnTranslated(translation, token);
    }

    private void RecordFault(in Translation translation) => _faults.Record(translation, _sim.Now, _context.SlotOf(translation.RequesterId));

    private void InvalidateNestedOver(int parentId)
    {
        if (!_context.TryGetNested(parentId, out var children)) return;
        foreach (int child in children) _iotlb.InvalidateDomain(child);
    }

    private void CheckFits(Domain domain)
    {
        if (domain.PageTable is not { } table) return;
        if (table.Format.Levels > Format.Levels)
            throw new ArgumentException(
                $"{domain} has {table.Format.Levels}-level tables; IOMMU {Name} walks at most {Format.Levels} levels", nameof(domain));
        if ((table.Format.SupportedPageSizes & ~Format.SupportedPageSizes) != 0)
            throw new ArgumentException(
                $"{domain} may use page sizes {table.Format.SupportedPageSizes}; IOMMU {Name} supports only {Format.SupportedPageSizes}",
                nameof(domain));
    }

    private ulong NextSeed() => _replacementSeeds.NextUInt64();
}
