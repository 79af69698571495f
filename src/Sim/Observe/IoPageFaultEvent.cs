using IommuSim.Kernel;

namespace IommuSim.Observe;

/// <summary>
/// Linux's <c>iommu:io_page_fault</c> event (include/trace/events/iommu.h, class error), raised by
/// <c>report_iommu_fault()</c>, with the fields the kernel records
/// (<c>__string device, __string driver, u64 iova, int flags</c>).
/// </summary>
/// <param name="Timestamp">When the fault was reported.</param>
/// <param name="Device">The device's <c>dev_name()</c>, e.g. <c>0000:01:00.0</c>.</param>
/// <param name="Driver">The device's driver name (<c>dev_driver_string()</c>); empty when none is bound.</param>
/// <param name="Iova">The faulting IOVA.</param>
/// <param name="Flags">Linux's fault flags: <c>IOMMU_FAULT_READ</c> (0x0) or <c>IOMMU_FAULT_WRITE</c> (0x1)
/// from include/linux/iommu.h.</param>
public readonly record struct IoPageFaultEvent(SimTime Timestamp, string Device, string Driver, ulong Iova, int Flags)
{
    /// <summary>The event's name in the <c>iommu</c> trace system.</summary>
    public const string EventName = "io_page_fault";
}
