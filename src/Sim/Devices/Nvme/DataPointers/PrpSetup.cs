using IommuSim.Host;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// Fills PRP1, PRP2 and the PRP lists as Linux's nvme_pci_setup_data_prp does (drivers/nvme/host/pci.c), and
/// records what the controller then reads and moves.
/// </summary>
internal static class PrpSetup
{
    /// <summary>
    /// PRP1 takes the first address up to its page's end; if the rest fits one controller page PRP2 is that page,
    /// otherwise PRP2 is a list. A list page that fills while data remain gets a successor: its last slot's entry
    /// moves to the new page's first slot and the slot is rewritten to point to the new page.
    /// </summary>
    public static NvmeDataPointers Build(ReadOnlySpan<DmaSegment> segments, long length, uint pageSize,
        INvmeDescriptorAllocator allocator, Span<NvmeDescriptorRead> reads, Span<DmaSegment> data)
    {
        var cursor = new DmaSegmentCursor(segments);
        ulong pageMask = pageSize - 1;
        int dataCount = 0, readCount = 0, small = 0, large = 0;

        // PRP1 is the only entry that may carry an offset into its page.
        ulong prp1 = cursor.Address;
        long prpLength = Math.Min(length, pageSize - (long)(cursor.Address & pageMask));
        data[dataCount++] = new DmaSegment(cursor.Address, (uint)prpLength);
        cursor.Take(prpLength);
        length -= prpLength;
        if (length == 0)
            return new NvmeDataPointers(NvmeDataPointerFormat.Prp, prp1, 0, default, 0, dataCount, 0, 0);

        cursor.NextIfEmpty();
        if (length <= pageSize)
        {
            // PRP1 + PRP2 cover it all: PRP2 is the second page itself.
            ulong prp2 = cursor.Address;
            data[dataCount++] = new DmaSegment(cursor.Address, (uint)length);
            cursor.Take(length);
            return new NvmeDataPointers(NvmeDataPointerFormat.Prp, prp1, prp2, default, 0, dataCount, 0, 0);
        }

        long entries = (length + pageSize - 1) / pageSize;
        var pool = entries <= NvmeDataPointerBuilder.SmallPoolBytes / sizeof(ulong) ? NvmeDescriptorPool.Small : NvmeDescriptorPool.Large;
        ulong list = allocator.Allocate(pool);
        if (pool == NvmeDescriptorPool.Small) small++; else large++;
        reads[readCount++] = new NvmeDescriptorRead(list, 0, NvmeDescriptorKind.PrpList);

        int slotsPerPage = (int)(pageSize / sizeof(ulong));
        int slot = 0;
        for (;;)
        {
            slot++;
            prpLength = Math.Min(length, pageSize);
            data[dataCount++] = new DmaSegment(cursor.Address, (uint)prpLength);
            cursor.Take(prpLength);
            length -= prpLength;
            if (length == 0)
                break;
            cursor.NextIfEmpty();
            if (slot == slotsPerPage)
            {
                // The full page's last slot becomes the link; its data entry is now slot 0 of the new page.
                reads[readCount - 1] = reads[readCount - 1] with { Length = (uint)(slot * sizeof(ulong)) };
                ulong next = allocator.Allocate(NvmeDescriptorPool.Large);
                large++;
                reads[readCount++] = new NvmeDescriptorRead(next, 0, NvmeDescriptorKind.PrpList);
                slot = 1;
            }
        }
        reads[readCount - 1] = reads[readCount - 1] with { Length = (uint)(slot * sizeof(ulong)) };
        return new NvmeDataPointers(NvmeDataPointerFormat.Prp, prp1, list, default, readCount, dataCount, small, large);
    }

    /// <summary>PRP1 and PRP2 for one segment that spans at most two controller pages (nvme_pci_setup_data_simple).</summary>
    public static NvmeDataPointers BuildTwoPages(DmaSegment segment, uint pageSize, Span<DmaSegment> data)
    {
        uint first = pageSize - (uint)(segment.DmaAddress & (pageSize - 1));
        if (segment.Length <= first)
        {
            data[0] = segment;
            return new NvmeDataPointers(NvmeDataPointerFormat.Prp, segment.DmaAddress, 0, default, 0, 1, 0, 0);
        }
        data[0] = new DmaSegment(segment.DmaAddress, first);
        data[1] = new DmaSegment(segment.DmaAddress + first, segment.Length - first);
        return new NvmeDataPointers(NvmeDataPointerFormat.Prp, segment.DmaAddress, segment.DmaAddress + first, default, 0, 2, 0, 0);
    }
}
