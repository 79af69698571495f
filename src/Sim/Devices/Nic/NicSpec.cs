using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Devices.Nic;

/// <summary>
/// A NIC port receiving traffic (<c>type: nic</c>): frames arrive at line rate, spread by RSS over receive queues,
/// each with its ring of descriptors, its buffers, its MSI-X vector and the CPU its interrupt and NAPI poll run on.
/// The NIC fetches descriptors and writes them back in batches, DMAs each frame to its buffer over its PCIe link,
/// and drops frames when its on-chip FIFO is full or a queue has no descriptor.
/// </summary>
[SpecVariant("nic")]
public sealed record NicSpec : DeviceSpec, IValidatableSpec
{
    /// <summary>The port's line rate.</summary>
    [Param("line_rate", "Ethernet line rate of the port, e.g. 100Gbps.", Required = true, Min = 1, Max = Bounds.Rate)]
    public BitRate LineRate { get; init; }

    /// <summary>Whether frames carry an 802.1Q tag on the wire (the NIC strips it).</summary>
    [Param("vlan", "Whether frames carry a 4-byte 802.1Q VLAN tag on the wire.",
        Source = "convention: untagged frames, as RFC 2544 benchmarks send them")]
    public bool Vlan { get; init; }

    /// <summary>Which way the traffic goes.</summary>
    [Param("direction", "Which way traffic goes: rx (frames arrive from the wire), tx (the host sends them) or both.",
        Source = "convention: rx, the direction whose DMA writes meet the root port's write buffer and the IOTLB wall")]
    public NicDirection Direction { get; init; } = NicDirection.Rx;

    /// <summary>The traffic arriving on the port.</summary>
    [Param("traffic", "What arrives: spacing, load, frame sizes and flows.")]
    public TrafficParams Traffic { get; init; } = new();

    /// <summary>Receive queues (each with its ring, vector and CPU).</summary>
    [Param("queues", "Receive queues RSS spreads the flows over; queue q's interrupt and NAPI poll run on CPU (device CPU + q) mod host.cpus.",
        Source = "Linux netif_get_num_default_rss_queues (net/core/dev.c): min(DEFAULT_MAX_NUM_RSS_QUEUES = 8, online CPUs)",
        Min = 1, Max = 1024)]
    public int Queues { get; init; } = 8;

    /// <summary>Entries of the RSS indirection table.</summary>
    [Param("rss_table", "Entries of the RSS indirection table (hash bucket to queue, filled entry i -> queue i mod queues).",
        Source = "Linux ixgbe_rss_indir_tbl_entries (drivers/net/ethernet/intel/ixgbe/ixgbe_main.c): 128 on 82598/82599/X540",
        Min = 1, Max = 65536)]
    public int RssTable { get; init; } = 128;

    /// <summary>Descriptors per receive ring.</summary>
    [Param("ring_size", "Descriptors in each receive ring.",
        Source = "mlx5's default receive queue of 2^0xa = 1024 entries (drivers/net/ethernet/mellanox/mlx5/core/en.h, " +
                 "MLX5E_PARAMS_DEFAULT_LOG_RQ_SIZE 0xa)", Min = 8, Max = 65536)]
    public int RingSize { get; init; } = 1024;

    /// <summary>Bytes of one receive descriptor, fetched and written back.</summary>
    [Param("descriptor_size", "Bytes of one receive descriptor: 16B or 32B.",
        Source = "16 B: ixgbe's advanced receive descriptor (union ixgbe_adv_rx_desc, drivers/net/ethernet/intel/ixgbe/ixgbe_type.h); " +
                 "i40e uses 16 B descriptors too since 2020 (\"i40e: use 16B HW descriptors instead of 32B\")")]
    public ByteSize DescriptorSize { get; init; } = ByteSize.FromBytes(16);

    /// <summary>Descriptors the NIC fetches in one DMA read.</summary>
    [Param("descriptor_fetch", "Descriptors the NIC fetches in one DMA read, when fewer than that many are left in its cache.",
        Source = "convention: 40, the most the 82599 prefetches in pcie-model's model of it (github.com/pcie-bench/pcie-model, " +
                 "model/niantic.py, d_tx_batch = 40, for transmit descriptors), taken for receive descriptors too",
        Min = 1, Max = 4096)]
    public int DescriptorFetch { get; init; } = 40;

    /// <summary>Completed descriptors the NIC writes back in one DMA write.</summary>
    [Param("writeback_batch", "Completed descriptors the NIC writes back in one DMA write (also flushed when the interrupt timer expires).",
        Source = "ixgbe programs the 82598's receive WTHRESH = 8, \"burst writeback up to two cache lines\" " +
                 "(drivers/net/ethernet/intel/ixgbe/ixgbe_main.c, ixgbe_configure_rx_ring); pcie-model's 82599 model writes back " +
                 "transmit descriptors 8 at a time (model/niantic.py, d_tx_batch_wb = 8)", Min = 1, Max = 4096)]
    public int WritebackBatch { get; init; } = 8;

    /// <summary>How the driver supplies and maps receive buffers.</summary>
    [Param("rx_buffers", "Receive buffers: page-pool (pages mapped once and recycled, one frame per page), page-flip (a page per " +
        "descriptor mapped once, its 2 KiB halves alternating, as ixgbe/i40e) or per-packet (a 2 KiB buffer mapped when refilled, " +
        "unmapped when received, as e1000).",
        Source = "page-pool: the page_pool API modern drivers use (mlx5, ice); it maps a page once when it enters the pool and keeps " +
                 "the mapping while the page is recycled (PP_FLAG_DMA_MAP, net/core/page_pool.c, page_pool_dma_map)")]
    public RxBuffering RxBuffers { get; init; } = RxBuffering.PagePool;

    /// <summary>The IOMMU page size the pool's (or the flipped pages') memory is mapped with.</summary>
    [Param("page_size", "IOMMU page size the receive pages are mapped with: 4KiB, or 2MiB for hugepage-backed pools (one map per huge page).",
        Source = "4 KiB: page_pool maps base pages (net/core/page_pool.c); 2 MiB is the hugepage-backed pool of Farshin et al., " +
                 "Overcoming the IOTLB wall for multi-100-Gbps Linux-based networking, PeerJ CS 9:e1385 (2023)")]
    public ByteSize PageSize { get; init; } = ByteSize.FromKiB(4);

    /// <summary>Pages in each queue's pool (page-pool buffers).</summary>
    [Param("pool_size", "Pages in each queue's page_pool, recycled in order; at least ring_size.",
        Source = "mlx5 sizes its pool to the receive queue: pages per WQE x RQ size (drivers/net/ethernet/mellanox/mlx5/core/en_main.c, " +
                 "pp_params.pool_size), one page per descriptor here", Min = 8, Max = 1048576)]
    public int PoolSize { get; init; } = 1024;

    /// <summary>The NIC's on-chip receive FIFO.</summary>
    [Param("rx_fifo", "Bytes of the NIC's on-chip receive packet buffer; a frame that does not fit is dropped.",
        Source = "Intel 82599 10 GbE controller datasheet: 512 KB receive packet buffer", Min = 64, Max = Bounds.RequestBytes)]
    public ByteSize RxFifo { get; init; } = ByteSize.FromKiB(512);

    /// <summary>Interrupt coalescing time (ethtool rx-usecs).</summary>
    [Param("rx_usecs", "Interrupt coalescing: how long after a frame is received the interrupt is raised (ethtool rx-usecs); 0: at once.",
        Source = "50 µs: ixgbe starts receive vectors at IXGBE_20K_ITR (20,000 interrupts/s, drivers/net/ethernet/intel/ixgbe/ixgbe.h); " +
                 "i40e and ice default to 50 µs too (adaptive moderation is not modelled)", Min = 0, Max = 1e10)]
    public SimTime RxUsecs { get; init; } = SimTime.FromMicroseconds(50);

    /// <summary>Interrupt coalescing frame count (ethtool rx-frames); 0 disables it.</summary>
    [Param("rx_frames", "Interrupt coalescing: raise the interrupt once this many frames are received (ethtool rx-frames); 0: by time only.",
        Source = "convention: 0, ixgbe and i40e moderate by time only (mlx5 uses 32 frames with 16 µs)", Min = 0, Max = 65536)]
    public int RxFrames { get; init; }

    /// <summary>Frames one NAPI poll processes at most.</summary>
    [Param("napi_budget", "Frames one NAPI poll processes at most before it yields (and polls again).",
        Source = "Linux NAPI_POLL_WEIGHT = 64 (include/linux/netdevice.h)", Min = 1, Max = 65536)]
    public int NapiBudget { get; init; } = 64;

    /// <summary>CPU cycles the driver and stack spend per received frame.</summary>
    [Param("rx_packet_cycles", "CPU cycles per received frame in the driver and stack (at host.dma.costs.cpu_ghz), besides map/unmap.",
        Source = "Høiland-Jørgensen et al., The eXpress Data Path, CoNEXT 2018, §4.1 and Figure 3: the Linux stack drops 4.8 Mpps per core " +
                 "in its raw table on a 3.6 GHz Xeon E5-1650 v4: 3.6e9 / 4.8e6 = 750 cycles per frame (driver, skb, up to the first hook)",
        Min = 0, Max = Bounds.OperationCycles)]
    public long RxPacketCycles { get; init; } = 750;

    /// <summary>Received frames per ACK the stack sends back on the transmit queue; 0 for none.</summary>
    [Param("ack_every", "For received traffic: the stack sends a 66 B ACK frame (mapped, sent, unmapped) on the queue's transmit ring every this many frames; 0: no ACKs.",
        Source = "convention: 0, no reverse traffic; 2 is TCP's delayed ACK, at least one ACK per two full-sized segments (RFC 1122 §4.2.3.2, RFC 5681 §4.2)",
        Min = 0, Max = 65536)]
    public int AckEvery { get; init; }

    /// <summary>Page fragments of a transmitted frame besides its linear part.</summary>
    [Param("tx_fragments", "Page fragments a sent frame's payload is in, besides the linear part with its 66 B of headers (each a map, a descriptor and a read); 0: all linear.",
        Source = "1: TCP copies the payload into a page fragment and keeps the headers in the linear part (net/ipv4/tcp.c, tcp_sendmsg_locked, " +
                 "skb_copy_to_page_nocache); drivers map the linear part with dma_map_single and each fragment with skb_frag_dma_map",
        Min = 0, Max = 16)]
    public int TxFragments { get; init; } = 1;

    /// <summary>CPU cycles the stack and driver spend per sent frame.</summary>
    [Param("tx_packet_cycles", "CPU cycles per sent frame in the stack and driver (xmit and clean-up), besides map/unmap.",
        Source = "convention: rx_packet_cycles' 750, the stack's measured per-frame cost on receive (Høiland-Jørgensen et al., CoNEXT 2018, §4.1)",
        Min = 0, Max = Bounds.OperationCycles)]
    public long TxPacketCycles { get; init; } = 750;

    /// <summary>The NIC's on-chip transmit packet buffer.</summary>
    [Param("tx_fifo", "Bytes of the NIC's on-chip transmit packet buffer: data is read from memory only while it has room.",
        Source = "Intel 82599 10 GbE controller datasheet: 160 KB transmit packet buffer", Min = 64, Max = Bounds.RequestBytes)]
    public ByteSize TxFifo { get; init; } = ByteSize.FromKiB(160);

    /// <summary>True when the host sends frames: traffic on transmit, or ACKs.</summary>
    public bool Transmits => Direction != NicDirection.Rx || AckEvery > 0;

    /// <summary>True when frames arrive from the wire.</summary>
    public bool Receives => Direction != NicDirection.Tx;

    /// <summary>The device's PCIe link.</summary>
    [Param("pcie", "The NIC's PCIe link: generation, lanes, payload and request sizes, tags, latency.")]
    public PcieLinkParams Pcie { get; init; } = new();

    /// <summary>Bytes of one receive buffer: a half page when pages flip, a page otherwise (2 KiB for per-packet buffers).</summary>
    public int BufferBytes => RxBuffers == RxBuffering.PagePool ? 4096 : 2048;

    /// <summary>Bytes of a frame's data in its buffer: the frame without FCS, as the NIC strips it (sizes are given without FCS).</summary>
    public int LargestFrame => Traffic.Sizes == FrameSizeMix.Fixed ? (int)Traffic.Size.Bytes
        : Traffic.Sizes == FrameSizeMix.Imix ? 1514 : EthernetFraming.MaxFrameBytes;

    /// <summary>Bytes of receive memory each queue's buffers span.</summary>
    public long QueueBufferBytes => RxBuffers == RxBuffering.PagePool ? (long)PoolSize * 4096
        : RxBuffers == RxBuffering.PageFlip ? (long)RingSize * 4096 : 2L * RingSize * 2048;

    /// <inheritdoc/>
    public override double OfferedBitsPerSecond
    {
        get
        {
            if (Direction == NicDirection.Both) return 2 * OneWay;
            return OneWay;
        }
    }

    private double OneWay
    {
        get
        {
            var link = new EthernetLink(LineRate, Vlan);
            // A CDF file's mean is known once it is read (the device reports it then); until then, full-size frames.
            double mean = Traffic.Sizes == FrameSizeMix.Fixed ? Math.Max(60, Traffic.Size.Bytes) : Traffic.Sizes == FrameSizeMix.Imix ? 4294 / 12.0 : 1514;
            double load = Traffic.Pattern == TrafficPattern.OnOff
                ? Traffic.OnMean.Picoseconds / (double)(Traffic.OnMean.Picoseconds + Traffic.OffMean.Picoseconds) : Traffic.Load;
            return LineRate.BitsPerSecond * load * mean / (mean + link.WireBytes(60) - 60);
        }
    }

    /// <inheritdoc/>
    public override long BufferMemoryBytes => Queues * (QueueBufferBytes + (long)RingSize * DescriptorSize.Bytes) +
        (Transmits ? Queues * (TxBufferBytes + (long)RingSize * DescriptorSize.Bytes) : 0);

    /// <summary>Bytes of a transmit queue's buffers: 2 KiB linear slots and 16 KiB fragment slots, one each per descriptor.</summary>
    public long TxBufferBytes => (long)RingSize * (2048 + 16384);

    /// <inheritdoc/>
    /// <remarks>One per receive queue, and one per transmit queue when the host sends.</remarks>
    public override int InterruptVectors => Transmits ? 2 * Queues : Queues;

    /// <inheritdoc/>
    public override (double Requests, double Translations) EstimateWork(double seconds)
    {
        double frames = OfferedBitsPerSecond / 8 / Math.Max(60, LargestFrame) * seconds;
        // A frame, its share of descriptor fetches and write-backs; a frame's buffer is one piece (a sent frame's
        // linear part and fragments one each); ACKs are frames of their own.
        double acks = AckEvery > 0 && Receives ? frames / AckEvery : 0;
        double dmas = (frames + acks) * (1 + TxFragments + 1.0 / DescriptorFetch + 1.0 / WritebackBatch);
        return (frames, dmas);
    }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (DescriptorSize.Bytes is not (16 or 32))
            yield return new SpecProblem("descriptor_size", $"descriptor_size must be 16B or 32B, not {DescriptorSize}");
        if (PageSize.Bytes != 4096 && PageSize.Bytes != 2L << 20)
            yield return new SpecProblem("page_size", $"page_size must be 4KiB or 2MiB, not {PageSize}");
        if (PageSize.Bytes != 4096 && RxBuffers == RxBuffering.PerPacket)
            yield return new SpecProblem("page_size", "per-packet buffers are mapped one by one with dma_map_single: page_size must be 4KiB");
        if (RxBuffers == RxBuffering.PagePool && PoolSize < RingSize)
            yield return new SpecProblem("pool_size", $"pool_size ({PoolSize}) must be at least ring_size ({RingSize}): every descriptor holds a page");
        if (Transmits && InterruptVectors > 2048)
            yield return new SpecProblem("queues", $"{Queues} queues with transmit rings need {InterruptVectors} MSI-X vectors; a function has at most 2048");
        if (RssTable < Queues)
            yield return new SpecProblem("rss_table", $"rss_table ({RssTable}) must have at least one entry per queue ({Queues})");
        // A CDF file's sizes are known once it is read (its largest is checked then).
        if (Traffic.Sizes != FrameSizeMix.Cdf && LargestFrame > BufferBytes)
            yield return new SpecProblem(Traffic.Sizes == FrameSizeMix.Fixed ? "traffic.size" : "traffic.sizes",
                $"frames of up to {LargestFrame} B do not fit the {BufferBytes} B receive buffers of rx_buffers {NicFactory.RxBufferName(RxBuffers)}; " +
                $"expected frames of at most {BufferBytes} B" + (RxBuffers == RxBuffering.PagePool ? "" : " or rx_buffers page-pool (4 KiB)"));
        if (BufferMemoryBytes > DeviceMemory.MaxHostBufferBytes)
            yield return new SpecProblem("queues", $"the receive buffers ({new ByteSize(BufferMemoryBytes)}) exceed the {new ByteSize(DeviceMemory.MaxHostBufferBytes)} of host buffer memory");
        if ((long)Queues * RingSize > Bounds.SetupPages)
            yield return new SpecProblem("ring_size", $"{Queues} queues of {RingSize} descriptors are {(long)Queues * RingSize:N0} descriptors; " +
                $"expected at most {Bounds.SetupPages:N0} in all (fewer queues or smaller rings)");
        if (PageSize.Bytes > 0 && QueueBufferBytes / PageSize.Bytes * Queues > Bounds.SetupPages)
            yield return new SpecProblem("queues", $"the receive pages are mapped one by one before the run: expected at most {Bounds.SetupPages:N0} pages");
    }
}
