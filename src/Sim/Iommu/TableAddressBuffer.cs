using System.Runtime.CompilerServices;

namespace IommuSim.Iommu;

/// <summary>Inline storage for the table addresses of one walk (see <see cref="PageWalk"/>).</summary>
[InlineArray(PageWalk.MaxTableReads)]
internal struct TableAddressBuffer
{
    private ulong _first;
}
