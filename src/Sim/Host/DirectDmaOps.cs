using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// The dma-direct half of <see cref="DmaApi"/> (kernel/dma/direct.c, kernel/dma/swiotlb.c): the physical
/// address when the device reaches it, a SWIOTLB bounce slot otherwise (or always, with swiotlb=force), and
/// the memcpy each bounce costs the calling CPU.
/// </summary>
internal sealed class DirectDmaOps
{
    private readonly DmaApi _api;
    private readonly DmaCostParams _costs;

    public DirectDmaOps(DmaApi api)
    {
        _api = api;
        _costs = api.Parameters.Costs;
    }

    public bool TryMap(DmaDevice device, int cpu, ulong paddr, ulong size, out ulong dmaAddress, out SimTime cost)
    {
        bool ok = TryMapNoCharge(device, paddr, size, out dmaAddress, out cost);
        _api.Cpus[cpu].Account(CpuWork.BounceCopy, cost);
        return ok;
    }

    private bool TryMapNoCharge(DmaDevice device, ulong paddr, ulong size, out ulong dmaAddress, out SimTime cost)
    {
        cost = SimTime.Zero;
        bool reachable = size - 1 <= device.DmaMask && paddr <= device.DmaMask - (size - 1);
        if (device.Path == DmaPath.Direct && reachable)
        {
            dmaAddress = paddr;
            return true;
        }
        // Bounce: swiotlb_tbl_map_single copies the buffer in at map time, whatever the direction.
        dmaAddress = 0;
        var pool = _api.Swiotlb;
        if (pool is null || pool.BaseAddress + (ulong)pool.Size.Bytes - 1 > device.DmaMask) return false;
        if (!pool.TryMap(size, out dmaAddress)) return false;
        cost = _costs.MemcpyTime(size);
        _api.BouncedBytes += (long)size;
        return true;
    }

    public int MapSg(DmaDevice device, int cpu, ReadOnlySpan<ScatterEntry> list, Span<DmaSegment> segments, out SimTime cost)
    {
        cost = SimTime.Zero;
        int count = list.Length;
        for (int i = 0; i < list.Length; i++)
        {
            if (!TryMapNoCharge(device, list[i].PhysicalAddress, list[i].Length, out ulong dma, out var c))
            {
                // dma_direct_map_sg undoes the elements already mapped (no copy back).
                for (int j = 0; j < i; j++)
                    if (_api.Swiotlb is { } pool && pool.Contains(segments[j].DmaAddress)) pool.Unmap(segments[j].DmaAddress);
                count = 0;
                break;
            }
            cost += c;
            segments[i] = new DmaSegment(dma, list[i].Length);
        }
        _api.Cpus[cpu].Account(CpuWork.BounceCopy, cost);
        return count;
    }

    // swiotlb_tbl_unmap_single: copies back for FROM_DEVICE and BIDIRECTIONAL, then frees the slots.
    public SimTime Unbounce(int cpu, ulong dmaAddress, ulong size, DmaDataDirection direction)
    {
        if (_api.Swiotlb is not { } pool || !pool.Contains(dmaAddress)) return SimTime.Zero;
        ulong mapped = pool.Unmap(dmaAddress);
        if (direction == DmaDataDirection.ToDevice) return SimTime.Zero;
        return Copy(cpu, Math.Min(size, mapped));
    }

    // swiotlb_sync_single_for_cpu / _for_device: the copy between the slot and the original buffer.
    public SimTime SyncBounced(int cpu, ulong dmaAddress, ulong size) =>
        _api.Swiotlb is { } pool && pool.Contains(dmaAddress) ? Copy(cpu, size) : SimTime.Zero;

    private SimTime Copy(int cpu, ulong bytes)
    {
        _api.BouncedBytes += (long)bytes;
        var cost = _costs.MemcpyTime(bytes);
        _api.Cpus[cpu].Account(CpuWork.BounceCopy, cost);
        return cost;
    }
}
