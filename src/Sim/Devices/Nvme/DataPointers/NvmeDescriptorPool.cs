namespace IommuSim.Devices.Nvme;

/// <summary>
/// The two DMA pools Linux's NVMe PCIe driver takes PRP lists and SGL segments from
/// (drivers/nvme/host/pci.c, <c>descriptor_pools.small</c> and <c>.large</c>).
/// </summary>
public enum NvmeDescriptorPool
{
    /// <summary>
    /// 256-byte blocks (<c>NVME_SMALL_POOL_SIZE</c>): a PRP list of up to 32 entries or an SGL segment of up to
    /// 16 descriptors, so 4 KiB to 128 KiB requests do not take a whole page.
    /// </summary>
    Small,

    /// <summary>Controller-page-sized blocks (<c>NVME_CTRL_PAGE_SIZE</c>, 4 KiB): longer lists and every chained PRP list page.</summary>
    Large,
}
