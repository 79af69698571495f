using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Builds <see cref="NicDevice"/>s: the PCIe link and DMA engine, the traffic source, and per queue its descriptor ring
/// (one coherent mapping, as dma_alloc_coherent makes) and its receive buffers, mapped as the driver maps them.
/// </summary>
public sealed class NicFactory : IDeviceFactory
{
    /// <inheritdoc/>
    public Type SpecType => typeof(NicSpec);

    /// <inheritdoc/>
    public IWorkloadDevice Create(DeviceSpec spec, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nic = (NicSpec)spec;
        string key = $"devices.{context.Index}";
        var (dma, device) = context.HostDriver(nic.Name);
        var sim = context.Simulation;
        var link = new PcieLink(sim, nic.Pcie);
        var engine = new PcieDmaEngine(sim, context.Iommu, context.RequesterId, link, context.RootComplex, context.Streams.Get("ddio"));
        var cdf = ReadCdf(nic, key, context.ScenarioDirectory);
        var rss = new RssIndirection(nic.Queues, nic.RssTable);
        var wire = new EthernetLink(nic.LineRate, nic.Vlan);
        var source = FrameSource.Create(nic.Traffic, rss, wire, context.Streams, cdf);
        // Sent traffic draws from streams of its own, so adding it leaves the received frames as they were.
        var sends = nic.Direction == NicDirection.Rx ? null : FrameSource.Create(nic.Traffic, rss, wire, context.Streams.Derive("tx"), cdf);
        var queues = new RxQueue[nic.Queues];
        var supplies = new RxBufferSupply[nic.Queues];
        var rings = new ulong[nic.Queues];
        var cpus = new int[nic.Queues];
        for (int q = 0; q < nic.Queues; q++)
        {
            cpus[q] = (context.Cpu + q) % dma.Cpus.Count;
            ulong ringBytes = ((ulong)(nic.RingSize * nic.DescriptorSize.Bytes) + 4095) & ~4095UL;
            ulong ring = context.Buffers.Allocate(ringBytes, 4096);
            rings[q] = WorkingSetMapping.Map(dma, device, cpus[q], ring, ringBytes, ringBytes, DmaDataDirection.Bidirectional,
                $"{key}.ring_size", nic.Name)[0];
            supplies[q] = Buffers(nic, context, dma, device, cpus[q], key);
        }
        var txRings = new ulong[nic.Transmits ? nic.Queues : 0];
        var txBuffers = new ulong[txRings.Length];
        for (int q = 0; q < txRings.Length; q++)
        {
            ulong ringBytes = ((ulong)(nic.RingSize * nic.DescriptorSize.Bytes) + 4095) & ~4095UL;
            txRings[q] = WorkingSetMapping.Map(dma, device, cpus[q], context.Buffers.Allocate(ringBytes, 4096), ringBytes, ringBytes,
                DmaDataDirection.Bidirectional, $"{key}.ring_size", nic.Name)[0];
            // Sent frames are mapped one by one as they go; their slots only need addresses.
            txBuffers[q] = context.Buffers.Allocate((ulong)nic.TxBufferBytes, 4096);
        }
        return new NicDevice(nic, context, source, sends, engine, dma.Parameters.Costs, n =>
        {
            for (int q = 0; q < nic.Queues; q++) queues[q] = new RxQueue(n, q, dma.Cpus[cpus[q]], rings[q], supplies[q]);
            return queues;
        }, n =>
        {
            var tx = new TxQueue[txRings.Length];
            for (int q = 0; q < tx.Length; q++) tx[q] = new TxQueue(n, q, dma.Cpus[cpus[q]], dma, device, txRings[q], txBuffers[q]);
            return tx;
        });
    }

    private static RxBufferSupply Buffers(NicSpec nic, DeviceContext context, DmaApi dma, DmaDevice device, int cpu, string key)
    {
        if (nic.RxBuffers == RxBuffering.PerPacket)
        {
            ulong bytes = (ulong)nic.QueueBufferBytes;
            var supply = RxBufferSupply.PerPacket(context.Buffers.Allocate(bytes, 4096), nic.RingSize, dma, device);
            // The driver fills the ring before the interface comes up; setup time is not counted.
            if (!dma.Cpus[cpu].TryAcquire()) throw new InvalidOperationException($"CPU {cpu} is busy during setup");
            try
            {
                for (long d = 0; d < nic.RingSize - 1; d++)
                    if (!supply.TryRefill(d, cpu, out _))
                        throw new ScenarioSetupException($"{key}.ring_size", $"mapping {nic.Name}'s receive buffers failed at descriptor {d:N0}: " +
                            "the device's IOVA space is exhausted; expected fewer queues or a smaller ring_size");
            }
            finally { dma.Cpus[cpu].Release(); }
            return supply;
        }
        ulong page = (ulong)nic.PageSize.Bytes;
        ulong region = ((ulong)nic.QueueBufferBytes + page - 1) & ~(page - 1);
        ulong start = context.Buffers.Allocate(region, page);
        var chunks = WorkingSetMapping.Map(dma, device, cpu, start, region, page, DmaDataDirection.FromDevice, $"{key}.pool_size", nic.Name);
        var pages = new ulong[nic.QueueBufferBytes / 4096];
        for (int k = 0; k < pages.Length; k++)
        {
            ulong offset = (ulong)k * 4096;
            pages[k] = chunks[offset / page] + offset % page;
        }
        return RxBufferSupply.Premapped(nic.RxBuffers, pages, nic.RingSize);
    }

    // The CDF file, relative to the scenario's directory; its problems name its own line and column.
    private static FrameSizeDistribution? ReadCdf(NicSpec nic, string key, string? directory)
    {
        if (nic.Traffic.Sizes != FrameSizeMix.Cdf) return null;
        string path = directory is null || Path.IsPathRooted(nic.Traffic.CdfFile) ? nic.Traffic.CdfFile : Path.Combine(directory, nic.Traffic.CdfFile);
        var parse = FrameSizeCdfParser.ParseFile(path);
        if (!parse.IsValid)
        {
            var first = parse.Problems[0];
            throw new ScenarioSetupException($"{key}.traffic.cdf_file",
                $"{path}:{first.Line}:{first.Column}: {first.Message}" + (parse.Problems.Count > 1 ? $" (and {parse.Problems.Count - 1:N0} more problems)" : ""));
        }
        int largest = parse.Distribution!.Sizes[^1];
        if (largest > nic.BufferBytes)
            throw new ScenarioSetupException($"{key}.traffic.cdf_file",
                $"{path} has frames of up to {largest} B, which do not fit the {nic.BufferBytes} B receive buffers of rx_buffers {RxBufferName(nic.RxBuffers)}; " +
                "expected frames of at most that size or rx_buffers page-pool (4 KiB)");
        return parse.Distribution;
    }

    internal static string RxBufferName(RxBuffering kind) => kind switch
    {
        RxBuffering.PagePool => "page-pool",
        RxBuffering.PageFlip => "page-flip",
        _ => "per-packet",
    };
}
