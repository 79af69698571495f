namespace IommuSim.Platform;

/// <summary>How a PCI function's DMA reaches memory after boot.</summary>
public enum DmaPath
{
    /// <summary>Through an IOMMU DMA domain: the DMA API maps IOVAs in the group's page table (lazy or strict).</summary>
    Translated,
    /// <summary>Through an IOMMU identity domain (passthrough): the IOMMU is on but IOVA equals physical address.</summary>
    Identity,
    /// <summary>
    /// Untranslated (dma-direct): no IOMMU, the IOMMU off, or the function outside every unit's scope;
    /// SWIOTLB bounces only memory the function cannot address.
    /// </summary>
    Direct,
    /// <summary>Untranslated, and every streaming mapping bounced through SWIOTLB (<c>swiotlb=force</c>).</summary>
    Bounce,
}
