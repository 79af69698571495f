using IommuSim.Host;

namespace IommuSim.Devices.DmaStream;

/// <summary>Builds <see cref="DmaStreamDevice"/>s: places the working set, maps it where the driver does so before the run.</summary>
public sealed class DmaStreamFactory : IDeviceFactory
{
    /// <inheritdoc/>
    public Type SpecType => typeof(DmaStreamSpec);

    /// <inheritdoc/>
    public IWorkloadDevice Create(DeviceSpec spec, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var device = (DmaStreamSpec)spec;
        ulong page = (ulong)device.PageSize.Bytes;
        ulong region = ((ulong)device.WorkingSetBytes + page - 1) & ~(page - 1);
        ulong start = context.Buffers.Allocate(region, page);
        var ports = new DmaStreamPorts
        {
            RequesterId = context.RequesterId,
            Iommu = context.Iommu,
            PhysicalBase = start,
            Stride = (ulong)device.BufferStride,
            ChunkSize = page,
            Cpu = context.Cpu,
            Interrupts = context.Interrupts,
            DataLatency = context.Memory.DramLatency,
        };
        var workload = device;
        if (context.InGuest)
        {
            // In the guest, without a vIOMMU, the DMA address is the guest-physical address, which the VFIO mapping
            // translates: nothing to map per request, so the buffers act pre-mapped.
            ports = ports with { ChunkAddresses = WorkingSetMapping.Identity(start, region, page) };
            workload = device with { Mapping = BufferMapping.PreMapped };
        }
        else
        {
            var dma = context.Dma ?? throw new ArgumentException($"{device.Name} is on the host but has no DMA API", nameof(context));
            ports = ports with { Dma = dma, DmaDevice = context.DmaDevice };
            if (device.Mapping == BufferMapping.PreMapped)
            {
                var direction = device.Direction == DmaDirection.Write ? DmaDataDirection.FromDevice : DmaDataDirection.ToDevice;
                ports = ports with
                {
                    ChunkAddresses = WorkingSetMapping.Map(dma, context.DmaDevice!, context.Cpu, start, region, page, direction,
                        $"devices.{context.Index}.buffers", device.Name),
                };
            }
        }
        return new DmaStreamDevice(context.Simulation, workload, ports, context.Streams);
    }
}
