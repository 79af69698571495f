using IommuSim.Parameters;

namespace IommuSim.Devices.Nvme;

/// <summary>How an I/O's buffer pages lie in physical memory.</summary>
public enum BufferPages
{
    /// <summary>One physically contiguous run (a large page-cache folio): dma_map_sg has one segment even without an IOMMU.</summary>
    [SpecName("contiguous")]
    Contiguous,

    /// <summary>Each 4 KiB page anywhere in the pool (pinned user pages): without an IOMMU one segment per page.</summary>
    [SpecName("scattered")]
    Scattered,
}
