namespace IommuSim.Host;

/// <summary>What a host CPU's busy time is spent on; <c>cpu.csv</c> has a column for each.</summary>
public enum CpuWork
{
    /// <summary>dma_map_single / dma_map_sg: IOVA allocation and page-table updates.</summary>
    Map,
    /// <summary>dma_unmap_single / dma_unmap_sg, without waiting for an invalidation.</summary>
    Unmap,
    /// <summary>Issuing an IOTLB invalidation and spinning until its wait descriptor completes (strict unmaps, flush-queue flushes).</summary>
    InvalidationWait,
    /// <summary>Spinning on a flush queue's lock while another CPU flushes it (the single shared queue).</summary>
    LockWait,
    /// <summary>Device interrupt handlers, including the status-register reads of every handler on a shared INTx line.</summary>
    Interrupt,
    /// <summary>SWIOTLB bounce copies: at map, at unmap, and dma_sync_single_for_cpu / _for_device of bounced buffers.</summary>
    BounceCopy,
    /// <summary>A driver's and its stack's own work per frame or I/O (a NIC's NAPI poll and skb handling, an NVMe I/O's submission and completion in blk-mq and the driver).</summary>
    Stack,
}
