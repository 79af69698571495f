using IommuSim.Host;
using IommuSim.Parameters;
using IommuSim.Pcie;

namespace IommuSim.Devices.Replay;

/// <summary>
/// Builds <see cref="ReplayDevice"/>s: reads the trace once to check it (its first problem names its line and column)
/// and to find the pages its DMAs touch outside its own maps, maps those before the run, and opens it again for the run.
/// </summary>
public sealed class ReplayFactory : IDeviceFactory
{
    /// <inheritdoc/>
    public Type SpecType => typeof(ReplaySpec);

    /// <inheritdoc/>
    public IWorkloadDevice Create(DeviceSpec spec, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var replay = (ReplaySpec)spec;
        string key = $"devices.{context.Index}";
        var (dma, device) = context.HostDriver(replay.Name);
        string file = replay.Trace.File;
        string path = context.ScenarioDirectory is null || Path.IsPathRooted(file) ? file : Path.Combine(context.ScenarioDirectory, file);
        if (!File.Exists(path))
            throw new ScenarioSetupException($"{key}.trace.file", $"{path} does not exist; expected the trace to replay");
        if (FileType.NotRegular(path) is { } special)
            throw new ScenarioSetupException($"{key}.trace.file", $"{special}; expected the trace to replay, a regular file");
        var premapped = Premap(replay, path, key, dma, device, context);
        var engine = new PcieDmaEngine(context.Simulation, context.Iommu, context.RequesterId, new PcieLink(context.Simulation, replay.Pcie),
            context.RootComplex, context.Streams.Get("ddio"));
        ulong physical = context.Buffers.Allocate(1UL << 30, 4096);
        return new ReplayDevice(context.Simulation, replay, new ReplaySource(path, replay.Trace.Format, replay.SourceDevice), engine, dma, device,
            dma.Cpus[context.Cpu], premapped, physical);
    }

    // The first pass: every problem is the user's to fix before the run; DMAs outside the trace's maps get pages now.
    private static Dictionary<ulong, ulong> Premap(ReplaySpec replay, string path, string key, DmaApi dma, DmaDevice device, DeviceContext context)
    {
        var pages = new SortedSet<ulong>();
        var mapped = new Dictionary<ulong, ulong>();
        using (var source = new ReplaySource(path, replay.Trace.Format, replay.SourceDevice))
        {
            while (source.Next(out _, out var kind, out ulong iova, out ulong size, out _))
            {
                ulong first = iova >> 12, last = (iova + size - 1) >> 12;
                switch (kind)
                {
                    case DmaTraceDirection.Map: mapped[iova] = size; break;
                    case DmaTraceDirection.Unmap: mapped.Remove(iova); break;
                    default:
                        if (!Covered(mapped, iova, size))
                            for (ulong p = first; p <= last; p++)
                            {
                                pages.Add(p);
                                if (pages.Count > replay.PremappedPages)
                                    throw new ScenarioSetupException($"{key}.premapped_pages",
                                        $"{path}'s DMAs outside its own maps touch more than {replay.PremappedPages:N0} pages; expected a larger premapped_pages or maps in the trace");
                            }
                        break;
                }
            }
            if (source.ProblemCount > 0)
            {
                var p = source.Problems[0];
                throw new ScenarioSetupException($"{key}.trace.file", $"{path}:{p.Line}:{p.Column}: {p.Message}" +
                    (source.ProblemCount > 1 ? $" (and {source.ProblemCount - 1:N0} more problems)" : ""));
            }
        }
        var result = new Dictionary<ulong, ulong>(pages.Count);
        if (pages.Count == 0) return result;
        ulong region = context.Buffers.Allocate((ulong)pages.Count * 4096, 4096);
        var addresses = WorkingSetMapping.Map(dma, device, context.Cpu, region, (ulong)pages.Count * 4096, 4096, DmaDataDirection.Bidirectional,
            $"{key}.premapped_pages", replay.Name);
        int k = 0;
        foreach (ulong page in pages) result[page] = addresses[k++];
        return result;
    }

    private static bool Covered(Dictionary<ulong, ulong> mapped, ulong iova, ulong size)
    {
        foreach (var (start, length) in mapped)
            if (iova >= start && iova + size <= start + length) return true;
        return false;
    }
}
