namespace IommuSim.Iommu;

/// <summary>Why a DMA was refused. Every kind aborts the DMA and is reported as an IO page fault.</summary>
public enum IoFaultKind : byte
{
    /// <summary>No fault: the DMA may proceed.</summary>
    None,
    /// <summary>No leaf maps the IOVA (an entry on the walk is not present), at stage 1 or stage 2.</summary>
    NotPresent,
    /// <summary>A write to a page mapped without write permission.</summary>
    WriteToReadOnly,
    /// <summary>A read of a page mapped without read permission (a write-only, DMA_FROM_DEVICE mapping).</summary>
    ReadNotPermitted,
    /// <summary>The requester is attached to a blocked domain.</summary>
    BlockedDomain,
    /// <summary>The IOVA (or a nested walk's guest-physical address) lies past the domain's address width.</summary>
    BeyondAddressWidth,
    /// <summary>The requester has no context entry (attached to no domain).</summary>
    ContextNotPresent,
}
