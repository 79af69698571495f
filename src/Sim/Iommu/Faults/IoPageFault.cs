using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>
/// The record of one IO page fault: when, who, where, what access and why.
/// </summary>
/// <remarks>
/// <see cref="Flags"/> follows Linux: <c>report_iommu_fault(domain, dev, iova, flags)</c> passes
/// <c>IOMMU_FAULT_READ</c> (0x0) or <c>IOMMU_FAULT_WRITE</c> (0x1), defined in include/linux/iommu.h, and the
/// <c>io_page_fault</c> event prints them as <c>flags=0x%04x</c>. Linux has no flag for the fault's cause,
/// so <see cref="Kind"/> travels beside the flags, not inside them: a synthetic trace stays what a kernel
/// would print.
/// </remarks>
/// <param name="Time">When the fault was reported.</param>
/// <param name="RequesterId">The faulting requester.</param>
/// <param name="DomainId">Its domain, or −1 without a context entry.</param>
/// <param name="Iova">The faulting IOVA.</param>
/// <param name="Access">The refused access.</param>
/// <param name="Kind">Why it was refused.</param>
public readonly record struct IoPageFault(SimTime Time, ushort RequesterId, int DomainId, ulong Iova, AccessKind Access, IoFaultKind Kind)
{
    /// <summary>Linux's <c>IOMMU_FAULT_READ</c>.</summary>
    public const int FlagRead = 0x0;
    /// <summary>Linux's <c>IOMMU_FAULT_WRITE</c>.</summary>
    public const int FlagWrite = 0x1;

    /// <summary>Linux's flags for this fault.</summary>
    public int Flags => FlagsOf(Access);

    /// <summary>Linux's flags for a fault on <paramref name="access"/>.</summary>
    public static int FlagsOf(AccessKind access) => access == AccessKind.Write ? FlagWrite : FlagRead;
}
