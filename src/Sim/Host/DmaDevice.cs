using IommuSim.Iommu;

namespace IommuSim.Host;

/// <summary>
/// A device as the DMA API sees it: its DMA mask, its domain and how mappings are made for it. Created by
/// <see cref="DmaApi.AttachDevice"/>; devices of one group share a domain and its IOVA space.
/// </summary>
public sealed class DmaDevice
{
    internal DmaDevice(string name, Domain? domain, ulong dmaMask, bool isPci, uint maxSegmentSize, DmaPath path, DmaCookie? cookie)
    {
        Name = name;
        Domain = domain;
        DmaMask = dmaMask;
        IsPci = isPci;
        MaxSegmentSize = maxSegmentSize;
        Path = path;
        Cookie = cookie;
        // dev->iommu->pci_32bit_workaround starts as !iommu.forcedac for PCI devices (set by DmaApi).
    }

    /// <summary>The device's name, e.g. its PCI address <c>0000:01:00.0</c>.</summary>
    public string Name { get; }
    /// <summary>Its domain; null without an IOMMU.</summary>
    public Domain? Domain { get; }
    /// <summary>Its DMA mask, DMA_BIT_MASK(n) = 2^n - 1: the highest address it can put on the bus.</summary>
    public ulong DmaMask { get; }
    /// <summary>True for PCI devices, which get IOVAs below 4 GiB first unless forcedac is set.</summary>
    public bool IsPci { get; }
    /// <summary>Longest DMA segment dma_map_sg may build (dma_get_max_seg_size; 64 KiB by default).</summary>
    public uint MaxSegmentSize { get; }
    /// <summary>How its mappings are made.</summary>
    public DmaPath Path { get; }
    /// <summary>
    /// True while allocations for a mask above 32 bits try below 4 GiB first (pci_32bit_workaround); it
    /// turns false for good the first time that space has no room.
    /// </summary>
    public bool TriesBelow4GiBFirst { get; internal set; }

    internal DmaCookie? Cookie { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Path})";
}
