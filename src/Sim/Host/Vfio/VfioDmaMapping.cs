using IommuSim.Iommu;

namespace IommuSim.Host.Vfio;

/// <summary>
/// One VFIO_IOMMU_MAP_DMA: the range, where it lands in host memory, and the leaves it created. Pinned memory
/// is physically contiguous within one backing page only, so type1 makes one iommu_map per backing page
/// (<see cref="IommuMapCalls"/>, each a <c>map</c> trace event of up to <see cref="BackingPageSize"/> bytes at
/// consecutive IOVAs and host addresses); each is split into the largest leaves alignment allows.
/// </summary>
/// <param name="Iova">First IOVA (the guest-physical address).</param>
/// <param name="HostPhysicalAddress">First host-physical address.</param>
/// <param name="Size">Bytes mapped.</param>
/// <param name="Permissions">What the devices may do.</param>
/// <param name="BackingPageSize">The host page size backing the memory.</param>
/// <param name="IommuMapCalls">iommu_map calls made.</param>
/// <param name="Leaves4KiB">4 KiB leaves created.</param>
/// <param name="Leaves2MiB">2 MiB leaves created.</param>
/// <param name="Leaves1GiB">1 GiB leaves created.</param>
public sealed record VfioDmaMapping(
    ulong Iova, ulong HostPhysicalAddress, ulong Size, Permissions Permissions, PageSize BackingPageSize,
    long IommuMapCalls, long Leaves4KiB, long Leaves2MiB, long Leaves1GiB)
{
    /// <summary>Every leaf created.</summary>
    public long Leaves => Leaves4KiB + Leaves2MiB + Leaves1GiB;

    /// <summary>The last IOVA mapped.</summary>
    public ulong LastIova => Iova + Size - 1;
}
