using System.Runtime.CompilerServices;

namespace IommuSim.Iommu;

/// <summary>Inline storage for the runs of one map call (see <see cref="MappedPages"/>), so a map allocates no list.</summary>
[InlineArray(MappedPages.MaxRuns)]
internal struct PageRunBuffer
{
    private PageRun _first;
}
