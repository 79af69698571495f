using IommuSim.Host;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Observe;

namespace IommuSim.Model;

/// <summary>
/// Turns the DMA layer's page-table changes into the <c>map</c> and <c>unmap</c> trace events Linux's
/// <c>iommu_map()</c> / <c>iommu_unmap()</c> raise.
/// </summary>
public sealed class TraceMapObserver : IDmaMapObserver
{
    private readonly Simulation _sim;
    private readonly IommuTrace _trace;

    /// <summary>Raises events on <paramref name="trace"/>, stamped with <paramref name="simulation"/>'s clock.</summary>
    public TraceMapObserver(Simulation simulation, IommuTrace trace)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(trace);
        _sim = simulation;
        _trace = trace;
    }

    /// <inheritdoc/>
    public void OnMap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong paddr, ulong size)
    {
        if (_trace.Map.IsConnected) _trace.Map.Emit(new MapEvent(_sim.Now, iova, paddr, size, cpu, device.Name));
    }

    /// <inheritdoc/>
    public void OnUnmap(Domain domain, DmaDevice device, int cpu, ulong iova, ulong size, ulong unmappedSize)
    {
        if (_trace.Unmap.IsConnected) _trace.Unmap.Emit(new UnmapEvent(_sim.Now, iova, size, unmappedSize, cpu, device.Name));
    }
}
