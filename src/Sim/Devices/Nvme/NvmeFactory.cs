using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Devices.Nvme;

/// <summary>
/// Builds <see cref="NvmeDevice"/>s: the PCIe link and DMA engine, and per queue pair its submission and completion
/// rings and its descriptor pools, each one coherent mapping (dma_alloc_coherent, dma_pool pages); I/O buffers are
/// mapped per I/O.
/// </summary>
public sealed class NvmeFactory : IDeviceFactory
{
    /// <inheritdoc/>
    public Type SpecType => typeof(NvmeSpec);

    /// <inheritdoc/>
    public IWorkloadDevice Create(DeviceSpec spec, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nvme = (NvmeSpec)spec;
        string key = $"devices.{context.Index}";
        var (dma, device) = context.HostDriver(nvme.Name);
        var sim = context.Simulation;
        var engine = new PcieDmaEngine(sim, context.Iommu, context.RequesterId, new PcieLink(sim, nvme.Pcie), context.RootComplex,
            context.Streams.Get("ddio"));
        ulong pool = context.Buffers.Allocate((ulong)nvme.BufferPool * 4096, 4096);
        var cpus = new int[nvme.Queues];
        var sq = new ulong[nvme.Queues];
        var cq = new ulong[nvme.Queues];
        var regions = new ulong[nvme.Queues];
        long regionBytes = NvmePointerPool.RegionBytes(nvme.QueueEntries);
        for (int q = 0; q < nvme.Queues; q++)
        {
            cpus[q] = (context.Cpu + q) % dma.Cpus.Count;
            sq[q] = Coherent(context, dma, device, cpus[q], (ulong)nvme.QueueEntries * 64, $"{key}.queue_entries", nvme.Name);
            cq[q] = Coherent(context, dma, device, cpus[q], (ulong)nvme.QueueEntries * 16, $"{key}.queue_entries", nvme.Name);
            regions[q] = Coherent(context, dma, device, cpus[q], (ulong)regionBytes, $"{key}.queue_entries", nvme.Name);
        }
        var pointers = new NvmePointerPool(nvme.DataPointers, regions, regionBytes);
        return new NvmeDevice(nvme, context, engine, dma.Parameters.Costs, pool, pointers, n =>
        {
            var queues = new NvmeQueuePair[nvme.Queues];
            for (int q = 0; q < queues.Length; q++)
                queues[q] = new NvmeQueuePair(n, q, dma.Cpus[cpus[q]], dma, device, sq[q], cq[q], context.Streams.Get($"queue{q}"));
            return queues;
        });
    }

    // One coherent buffer, as dma_alloc_coherent maps it: one IOVA range.
    private static ulong Coherent(DeviceContext context, DmaApi dma, DmaDevice device, int cpu, ulong bytes, string key, string name)
    {
        ulong size = (bytes + 4095) & ~4095UL;
        return WorkingSetMapping.Map(dma, device, cpu, context.Buffers.Allocate(size, 4096), size, size, DmaDataDirection.Bidirectional, key, name)[0];
    }
}
