using IommuSim.Iommu;

namespace IommuSim.Host;

/// <summary>
/// What the host's DMA layer needs from the IOMMU: IOTLB invalidations that complete some time later,
/// like a queued-invalidation descriptor followed by a wait descriptor. The integrator implements it over
/// the translation unit's invalidation queue.
/// </summary>
/// <remarks>
/// Contract: the call only submits; <c>onComplete(state, token)</c> is invoked later from the simulation's
/// event loop, never inside the call, once every IOTLB (and paging-structure cache) entry of the range or
/// domain that existed at submission is gone. Requests complete in submission order, as a hardware
/// invalidation queue processes its descriptors; the flush queue checks this. Passing the token back lets
/// callers use a static callback and allocate nothing.
/// </remarks>
public interface IIotlbInvalidator
{
    /// <summary>
    /// Page-selective invalidation of [<paramref name="iova"/>, iova + <paramref name="size"/>) in
    /// <paramref name="domain"/> (iommu_iotlb_sync after an unmap in strict mode). With
    /// <paramref name="leafOnly"/> the unmap changed only leaf entries (VT-d invalidation hint IH = 1), so the
    /// IOMMU may keep its paging-structure caches.
    /// </summary>
    void InvalidateRange(Domain domain, ulong iova, ulong size, bool leafOnly, Action<object?, long> onComplete, object? state, long token);

    /// <summary>
    /// Domain-selective invalidation of every entry of <paramref name="domain"/> (flush_iotlb_all, used by
    /// the flush queue).
    /// </summary>
    void InvalidateDomain(Domain domain, Action<object?, long> onComplete, object? state, long token);
}
