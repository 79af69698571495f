namespace IommuSim.Iommu;

/// <summary>
/// The outcome of one translation: the physical address and rights, or the fault that aborted the DMA; where
/// the answer came from, how many memory reads the walk made and where the time went.
/// </summary>
public readonly struct Translation
{
    internal Translation(in TranslationRequest request, int domainId, TranslationSource source, IoFaultKind fault,
        in TranslationLeaf leaf, int walkReads, in TranslationLatency latency)
    {
        RequesterId = request.RequesterId;
        Iova = request.Iova;
        Access = request.Access;
        DomainId = domainId;
        Source = source;
        Fault = fault;
        Leaf = fault == IoFaultKind.None ? leaf : default;
        WalkReads = walkReads;
        Latency = latency;
    }

    /// <summary>The requester.</summary>
    public ushort RequesterId { get; }
    /// <summary>The translated IOVA.</summary>
    public ulong Iova { get; }
    /// <summary>The access asked for.</summary>
    public AccessKind Access { get; }
    /// <summary>The domain that translated it; −1 when the requester had no context entry.</summary>
    public int DomainId { get; }
    /// <summary>Which structure answered.</summary>
    public TranslationSource Source { get; }
    /// <summary><see cref="IoFaultKind.None"/> on success; otherwise why the DMA was aborted.</summary>
    public IoFaultKind Fault { get; }
    /// <summary>True when the DMA may proceed.</summary>
    public bool Succeeded => Fault == IoFaultKind.None;
    /// <summary>The translation (address, page size, rights); default after a fault.</summary>
    public TranslationLeaf Leaf { get; }
    /// <summary>The physical address the DMA goes to; 0 after a fault.</summary>
    public ulong PhysicalAddress => Leaf.PhysicalAddress;
    /// <summary>Memory reads of the walk made for this request (0 for hits and shared walks).</summary>
    public int WalkReads { get; }
    /// <summary>Where the time went.</summary>
    public TranslationLatency Latency { get; }
    /// <summary>Linux's fault flags for this access (see <see cref="IoPageFault.FlagsOf"/>).</summary>
    public int FaultFlags => IoPageFault.FlagsOf(Access);

    /// <inheritdoc/>
    public override string ToString() => Succeeded
        ? $"rid {RequesterId:x4} iova 0x{Iova:x} -> 0x{PhysicalAddress:x} ({Leaf.PageSize}, {Source}, {Latency.Total})"
        : $"rid {RequesterId:x4} iova 0x{Iova:x} fault {Fault} ({Latency.Total})";
}
