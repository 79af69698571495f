namespace IommuSim.Devices.Nvme;

/// <summary>The default CPU cost of the block layer and NVMe driver per I/O, and where it comes from.</summary>
internal static class NvmeCosts
{
    /// <summary>Cycles to submit one I/O (blk-mq, the driver's command setup), besides dma_map_sg.</summary>
    public const long SubmitCycles = 1000;

    /// <summary>Cycles to complete one I/O (the completion entry, blk-mq, waking the submitter), besides dma_unmap_sg.</summary>
    public const long CompleteCycles = 1000;

    /// <summary>Why these values.</summary>
    public const string Source =
        "convention: 1,000 cycles (0.48 µs at 2.1 GHz) each way, the order of the block layer plus NVMe driver share of a 4 KiB " +
        "read's software path (Zhong et al., XRP, OSDI 2022, Table 1: bio about 0.4 µs and the NVMe driver about 0.1 µs; " +
        "those figures were not re-checked against the paper), so a core submits and completes about a million I/Os per second";
}
