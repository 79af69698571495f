using IommuSim.Parameters;

namespace IommuSim.Iommu;

/// <summary>The page-table walkers: how many walks run at once. Scenario section <c>platform.iommu.walkers</c>.</summary>
public sealed record WalkerParams
{
    /// <summary>Concurrent page walks; further misses wait for a walker in arrival order.</summary>
    [Param("count", "Page walks in progress at once; further misses queue for a walker.",
        Source = "convention: 16, as gem5's SMMUv3 ptw_slots; above the bound the calibration data give (" + IotlbParams.PcieBench +
                 ", bandwidth test bw_dma_win_sweep_rd_rnd_64: 19.2 M reads/s at a 64 MiB window, nearly all misses of about 292 ns, " +
                 "so at least 5.6 walks in flight by Little's law)", Min = 1, Max = 4096)]
    public int Count { get; init; } = 16;

    /// <summary>Whether a miss to a 4 KiB page already being walked waits for that walk instead of starting another.</summary>
    [Param("share_walks", "A miss to a 4 KiB page already being walked (same domain) waits for that walk instead of starting another.",
        Source = "gem5 SMMUv3 holds translations to a (stream, substream, 4 KiB page) with a walk in flight " +
                 "(src/dev/arm/smmu_v3_transl.hh, hazard4k) to avoid identical walks")]
    public bool ShareWalks { get; init; } = true;
}
