using IommuSim.Host;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// Walks a request's DMA segments the way Linux's blk_dma_iter does: the current address and the bytes left in
/// the current segment, moving to the next segment when those run out.
/// </summary>
internal ref struct DmaSegmentCursor
{
    private readonly ReadOnlySpan<DmaSegment> _segments;
    private int _index;

    public DmaSegmentCursor(ReadOnlySpan<DmaSegment> segments)
    {
        _segments = segments;
        Address = segments[0].DmaAddress;
        Left = segments[0].Length;
    }

    /// <summary>The next byte to describe.</summary>
    public ulong Address { get; private set; }

    /// <summary>Bytes left in the current segment.</summary>
    public long Left { get; private set; }

    /// <summary>Takes <paramref name="bytes"/> from the current segment, which must hold them.</summary>
    public void Take(long bytes)
    {
        if (bytes > Left)
            throw new ArgumentException($"a data pointer entry of {bytes} bytes at 0x{Address:X} runs past its DMA segment; " +
                                        "segments must meet on controller page boundaries for PRPs");
        Address += (ulong)bytes;
        Left -= bytes;
    }

    /// <summary>Moves to the next segment when the current one is used up (nvme_pci_prp_iter_next).</summary>
    public void NextIfEmpty()
    {
        if (Left > 0)
            return;
        _index++;
        Address = _segments[_index].DmaAddress;
        Left = _segments[_index].Length;
    }
}
