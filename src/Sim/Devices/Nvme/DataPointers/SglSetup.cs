using IommuSim.Host;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// Fills the command's SGL as Linux's nvme_pci_setup_data_sgl does (drivers/nvme/host/pci.c): one Data Block
/// descriptor in the command when the data are one DMA segment, otherwise a Last Segment descriptor pointing to
/// one pool block of Data Block descriptors. Linux does not chain SGL segments: NVME_MAX_SEGS (a controller page
/// of descriptors) caps the request's segments so that one block always holds them.
/// </summary>
internal static class SglSetup
{
    /// <summary>A single Data Block descriptor in the command: nothing to read before the data.</summary>
    public static NvmeDataPointers BuildInline(DmaSegment segment, Span<DmaSegment> data)
    {
        data[0] = segment;
        var descriptor = new NvmeSglDescriptor(segment.DmaAddress, segment.Length, NvmeSglDescriptorType.DataBlock);
        return new NvmeDataPointers(NvmeDataPointerFormat.Sgl, 0, 0, descriptor, 0, 1, 0, 0);
    }

    /// <summary>
    /// A Last Segment descriptor pointing to <paramref name="segments"/>.Length Data Block descriptors; the block comes
    /// from the small pool when <paramref name="physicalSegments"/> descriptors fit 256 bytes.
    /// </summary>
    public static NvmeDataPointers BuildList(ReadOnlySpan<DmaSegment> segments, int physicalSegments,
        INvmeDescriptorAllocator allocator, Span<NvmeDescriptorRead> reads, Span<DmaSegment> data)
    {
        bool small = physicalSegments <= NvmeDataPointerBuilder.SmallPoolBytes / NvmeSglDescriptor.Size;
        ulong list = allocator.Allocate(small ? NvmeDescriptorPool.Small : NvmeDescriptorPool.Large);
        segments.CopyTo(data);
        uint bytes = (uint)(segments.Length * NvmeSglDescriptor.Size);
        reads[0] = new NvmeDescriptorRead(list, bytes, NvmeDescriptorKind.SglSegment);
        var descriptor = new NvmeSglDescriptor(list, bytes, NvmeSglDescriptorType.LastSegment);
        return new NvmeDataPointers(NvmeDataPointerFormat.Sgl, 0, 0, descriptor, 1, segments.Length, small ? 1 : 0, small ? 0 : 1);
    }
}
