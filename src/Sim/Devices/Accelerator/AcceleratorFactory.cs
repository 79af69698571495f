using IommuSim.Host;
using IommuSim.Kernel.Randomness;
using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Devices.Accelerator;

/// <summary>Builds <see cref="AcceleratorDevice"/>s: maps the host buffer before the run and picks the pages not yet resident.</summary>
public sealed class AcceleratorFactory : IDeviceFactory
{
    /// <inheritdoc/>
    public Type SpecType => typeof(AcceleratorSpec);

    /// <inheritdoc/>
    public IWorkloadDevice Create(DeviceSpec spec, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var acc = (AcceleratorSpec)spec;
        string key = $"devices.{context.Index}";
        ulong page = (ulong)acc.PageSize.Bytes, region = (ulong)acc.BufferSize.Bytes;
        ulong start = context.Buffers.Allocate(region, page);
        ulong[] pages;
        if (context.InGuest) pages = WorkingSetMapping.Identity(start, region, page);
        else
        {
            var dma = context.Dma ?? throw new ArgumentException($"{acc.Name} is on the host but has no DMA API", nameof(context));
            pages = WorkingSetMapping.Map(dma, context.DmaDevice!, context.Cpu, start, region, page, DmaDataDirection.Bidirectional,
                $"{key}.buffer_size", acc.Name);
        }
        var engine = new PcieDmaEngine(context.Simulation, context.Iommu, context.RequesterId, new PcieLink(context.Simulation, acc.Pcie),
            context.RootComplex, context.Streams.Get("ddio")) { UseAts = acc.Ats };
        // Which 4 KiB pages are not resident yet, drawn once.
        var faults = context.Streams.Get("faults");
        var nonResident = new bool[acc.BufferSize.Bytes / 4096];
        if (acc.FaultFraction > 0)
            for (int k = 0; k < nonResident.Length; k++) nonResident[k] = faults.NextDouble() < acc.FaultFraction;
        return new AcceleratorDevice(context.Simulation, acc, engine, pages, nonResident, context.Cpu);
    }
}
