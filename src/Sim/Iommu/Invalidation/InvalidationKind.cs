namespace IommuSim.Iommu;

/// <summary>
/// The queued-invalidation descriptors the model knows, after Intel VT-d's (context-cache, IOTLB, device-TLB,
/// interrupt-entry-cache and invalidation-wait descriptors, each with its granularities).
/// </summary>
public enum InvalidationKind : byte
{
    /// <summary>Every context-cache entry.</summary>
    ContextGlobal,
    /// <summary>Context-cache entries naming one domain.</summary>
    ContextDomain,
    /// <summary>The context-cache entry of one requester.</summary>
    ContextDevice,
    /// <summary>Every IOTLB and paging-structure-cache entry, both stages.</summary>
    IotlbGlobal,
    /// <summary>Every IOTLB and paging-structure-cache entry of one domain.</summary>
    IotlbDomain,
    /// <summary>The IOTLB entries of one domain overlapping 2^mask pages (and its walk-cache entries there, unless leaf-only).</summary>
    IotlbPage,
    /// <summary>One device's ATC entries overlapping 2^mask pages (ATS invalidation, a round trip to the device).</summary>
    DeviceTlb,
    /// <summary>Every interrupt-entry-cache entry.</summary>
    InterruptEntryCacheGlobal,
    /// <summary>2^mask interrupt-entry-cache entries from an index.</summary>
    InterruptEntryCacheIndex,
    /// <summary>Completes after every earlier descriptor and signals software.</summary>
    Wait,
}
