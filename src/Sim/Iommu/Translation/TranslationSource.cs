namespace IommuSim.Iommu;

/// <summary>Where a translation's answer came from.</summary>
public enum TranslationSource : byte
{
    /// <summary>No translation structure answered: the request faulted before one was consulted (no context, blocked domain, IOVA past the width).</summary>
    None,
    /// <summary>An identity (passthrough) domain: the IOVA is the physical address.</summary>
    Passthrough,
    /// <summary>The device's ATC (ATS); the IOMMU was not involved.</summary>
    DeviceAtc,
    /// <summary>The IOTLB.</summary>
    Iotlb,
    /// <summary>A page walk made for this request.</summary>
    PageWalk,
    /// <summary>A page walk another request to the same 4 KiB page had started, which this one waited for.</summary>
    SharedWalk,
}
