using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Platform;

namespace IommuSim.Iommu.Interrupts;

/// <summary>
/// One IOMMU unit's interrupt remapping hardware: its remapping table and interrupt entry cache. An interrupt
/// request names a table index; the unit looks the index up in the cache and, on a miss, reads the 128-bit
/// IRTE from memory and caches it.
/// </summary>
/// <remarks>
/// <para>Invalidation: add the unit to the unit's <see cref="InvalidationQueue"/> with
/// <see cref="AttachInvalidationQueue"/>; interrupt-entry-cache descriptors then reach <see cref="Apply"/> when
/// they complete, and software-side changes made through <see cref="InterruptRemapper"/> submit the
/// invalidations Linux submits (one per changed index, as its modify_irte and free_irte do).</para>
/// <para>Memory reads (an IRTE on a miss, a posted-interrupt descriptor update) use a
/// <see cref="MemoryLatencyModel"/> on the stream <c>interrupt-memory</c> of the unit's name, apart from the
/// translation unit's <c>memory</c> stream, so interrupts do not change the random numbers DMA sees.</para>
/// </remarks>
public sealed class InterruptRemappingUnit : IInvalidationTarget
{
    /// <summary>
    /// Memory accesses of a posted-interrupt descriptor update: VT-d's interrupt-posting operation is an atomic
    /// read-modify-write of the 64-byte descriptor (read it, set the vector's PIR bit and ON, write it back).
    /// </summary>
    public const int DescriptorUpdateAccesses = 2;

    private readonly InterruptRemappingTable _table;
    private readonly InterruptEntryCache _cache;
    private readonly MemoryLatencyModel _memory;
    private readonly SimTime _lookupLatency;
    private InvalidationQueue? _queue;

    /// <summary>Builds a unit with an empty table and cache.</summary>
    /// <param name="parameters">The remapping hardware's parameters; checked whole.</param>
    /// <param name="memory">Latency of the unit's memory reads.</param>
    /// <param name="streams">The run's random streams; the unit uses the family <paramref name="name"/> derives.</param>
    /// <param name="name">The unit's name, e.g. <c>dmar0</c>, as its translation unit's.</param>
    /// <exception cref="ArgumentException">The parameters have problems (all are listed).</exception>
    public InterruptRemappingUnit(InterruptRemappingParams parameters, MemoryParams memory, RandomStreams streams, string name = "dmar0")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var problems = parameters.Validate().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("invalid interrupt remapping parameters: " +
                string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(parameters));
        Parameters = parameters;
        Name = name;
        var family = streams.Derive(name);
        _memory = new MemoryLatencyModel(memory, family.Get("interrupt-memory"));
        _table = new InterruptRemappingTable(parameters.TableEntries);
        _cache = new InterruptEntryCache(parameters.CacheGeometry, family.Get("interrupt-replacement").NextUInt64());
        _lookupLatency = parameters.LookupLatency;
    }

    /// <summary>The parameters.</summary>
    public InterruptRemappingParams Parameters { get; }
    /// <summary>The unit's name.</summary>
    public string Name { get; }
    /// <summary>The remapping table.</summary>
    public InterruptRemappingTable Table => _table;
    /// <summary>The interrupt entry cache.</summary>
    public InterruptEntryCache EntryCache => _cache;
    /// <summary>The latency model of the unit's memory reads.</summary>
    public MemoryLatencyModel Memory => _memory;
    /// <summary>The queue software submits this unit's invalidations to, once attached.</summary>
    public InvalidationQueue? InvalidationQueue => _queue;

    /// <summary>Cache misses that read an IRTE from memory.</summary>
    public long EntryFetches { get; private set; }
    /// <summary>Posted-interrupt descriptor updates.</summary>
    public long DescriptorUpdates { get; private set; }
    /// <summary>Interrupt-entry-cache invalidations submitted on behalf of software.</summary>
    public long InvalidationsSubmitted { get; private set; }

    /// <summary>
    /// Makes <paramref name="queue"/> this unit's queued-invalidation interface: the unit becomes one of its
    /// targets, and table changes made through <see cref="InterruptRemapper"/> submit their invalidations to it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A queue is already attached.</exception>
    public void AttachInvalidationQueue(InvalidationQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (_queue is not null) throw new InvalidOperationException($"{Name} already has an invalidation queue");
        _queue = queue;
        queue.AddTarget(this);
    }

    /// <summary>
    /// The hardware's view of entry <paramref name="index"/>: an IEC lookup (always <paramref name="lookup"/>)
    /// and, on a miss, a memory read (<paramref name="fetch"/>, otherwise zero) that fills the cache.
    /// </summary>
    public Irte Read(int index, out SimTime lookup, out SimTime fetch)
    {
        if ((uint)index >= (uint)_table.Size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name}'s table has {_table.Size} entries");
        lookup = _lookupLatency;
        if (_cache.TryLookup(index, out var entry))
        {
            fetch = default;
            return entry;
        }
        entry = _table[index];
        fetch = _memory.NextRead();
        EntryFetches++;
        _cache.Insert(index, entry);
        return entry;
    }

    /// <summary>The time of one posted-interrupt descriptor update (<see cref="DescriptorUpdateAccesses"/> memory accesses).</summary>
    public SimTime UpdateDescriptor()
    {
        DescriptorUpdates++;
        return _memory.NextReads(DescriptorUpdateAccesses);
    }

    /// <inheritdoc/>
    public void Apply(in InvalidationDescriptor descriptor)
    {
        switch (descriptor.Kind)
        {
            case InvalidationKind.InterruptEntryCacheGlobal:
                _cache.InvalidateAll();
                break;
            case InvalidationKind.InterruptEntryCacheIndex:
                _cache.InvalidateIndex((int)descriptor.Address, descriptor.AddressMask);
                break;
            default:
                // Context, IOTLB, device-TLB and wait descriptors concern the translation caches.
                break;
        }
    }

    /// <summary>Zeroes the counters (e.g. after warm-up); the table and cache contents stay.</summary>
    public void ResetCounters()
    {
        EntryFetches = DescriptorUpdates = InvalidationsSubmitted = 0;
        _cache.Cache.ResetCounters();
    }

    // What Linux does after changing or freeing entries (qi_flush_iec): invalidate them, when a queue is attached.
    internal void SubmitInvalidation(int index, int indexMask)
    {
        if (_queue is null) return;
        _queue.Submit(InvalidationDescriptor.InterruptEntryCacheIndex(index, indexMask));
        InvalidationsSubmitted++;
    }
}
