using IommuSim.Host;
using IommuSim.Parameters;

namespace IommuSim.Devices;

/// <summary>
/// A working set mapped before the run, page by page, as a page_pool driver maps each page once when it enters
/// the pool: the DMA address of every page of the region, in order. Setup runs at time zero on an idle CPU.
/// </summary>
public static class WorkingSetMapping
{
    /// <summary>
    /// Maps the <paramref name="region"/> bytes at <paramref name="physical"/> in pages of <paramref name="page"/> through the
    /// DMA API on CPU <paramref name="cpu"/> and returns each page's DMA address.
    /// </summary>
    /// <exception cref="ScenarioSetupException">The IOVA space or the SWIOTLB pool is exhausted (named by <paramref name="key"/>).</exception>
    public static ulong[] Map(DmaApi dma, DmaDevice device, int cpu, ulong physical, ulong region, ulong page, DmaDataDirection direction,
        string key, string name)
    {
        ArgumentNullException.ThrowIfNull(dma);
        ArgumentNullException.ThrowIfNull(device);
        var pages = new ulong[region / page];
        // The CPU's time for setup is discarded by the model (HostCpus.Clear) before the run starts.
        if (!dma.Cpus[cpu].TryAcquire()) throw new InvalidOperationException($"CPU {cpu} is busy during setup");
        try
        {
            for (int k = 0; k < pages.Length; k++)
                if (!dma.TryMapSingle(device, cpu, physical + (ulong)k * page, page, direction, out pages[k], out _))
                    throw new ScenarioSetupException(key,
                        $"mapping {name}'s working set ({region} bytes in {pages.Length} chunks of {page} bytes) failed at chunk {k}: " +
                        (device.Path == DmaPath.Bounce
                            ? "the SWIOTLB pool (host.dma.swiotlb_size) is full; use fewer buffers or a larger pool"
                            : "the device's IOVA space is exhausted; use fewer or smaller buffers"));
        }
        finally { dma.Cpus[cpu].Release(); }
        return pages;
    }

    /// <summary>The pages of a region whose DMA addresses are its own addresses (guest-physical, mapped by VFIO already).</summary>
    public static ulong[] Identity(ulong start, ulong region, ulong page)
    {
        var pages = new ulong[region / page];
        for (int k = 0; k < pages.Length; k++) pages[k] = start + (ulong)k * page;
        return pages;
    }
}
