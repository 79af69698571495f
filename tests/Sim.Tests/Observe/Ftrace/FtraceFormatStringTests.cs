using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceFormatStringTests
{
    private static string PrintFmt(FtraceProfile profile, string eventName) =>
        IommuEventFormats.Find(profile, eventName)!.PrintFormat;

    [Fact]
    public void Current_and_5_17_print_the_range_as_the_v5_17_header_does()
    {
        // include/trace/events/iommu.h (v5.17 on), TRACE_EVENT(map):
        //   TP_printk("IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu",
        //     __entry->iova, __entry->iova + __entry->size, __entry->paddr, __entry->size)
        // and a built current kernel's print_fmt_map string (the REC-> form the format file shows).
        const string map = "\"IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu\", "
            + "REC->iova, REC->iova + REC->size, REC->paddr, REC->size";
        // TRACE_EVENT(unmap): TP_printk("IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu",
        //   __entry->iova, __entry->iova + __entry->size, __entry->size, __entry->unmapped_size)
        const string unmap = "\"IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu\", "
            + "REC->iova, REC->iova + REC->size, REC->size, REC->unmapped_size";
        foreach (var profile in new[] { FtraceProfile.Current, FtraceProfile.V5_17 })
        {
            Assert.Equal(map, PrintFmt(profile, "map"));
            Assert.Equal(unmap, PrintFmt(profile, "unmap"));
        }
    }

    [Fact]
    public void The_4_x_profile_prints_the_start_alone()
    {
        // Before v5.17: TP_printk("IOMMU: iova=0x%016llx paddr=0x%016llx size=%zu",
        //   __entry->iova, __entry->paddr, __entry->size)
        Assert.Equal("\"IOMMU: iova=0x%016llx paddr=0x%016llx size=%zu\", REC->iova, REC->paddr, REC->size",
            PrintFmt(FtraceProfile.V4, "map"));
        // TP_printk("IOMMU: iova=0x%016llx size=%zu unmapped_size=%zu",
        //   __entry->iova, __entry->size, __entry->unmapped_size)
        Assert.Equal("\"IOMMU: iova=0x%016llx size=%zu unmapped_size=%zu\", REC->iova, REC->size, REC->unmapped_size",
            PrintFmt(FtraceProfile.V4, "unmap"));
    }

    [Fact]
    public void Group_device_and_fault_formats_are_the_same_in_every_profile()
    {
        foreach (var profile in FtraceProfile.All)
        {
            // TP_printk("IOMMU: groupID=%d device=%s", __entry->gid, __get_str(device))
            Assert.Equal("\"IOMMU: groupID=%d device=%s\", REC->gid, __get_str(device)",
                PrintFmt(profile, "add_device_to_group"));
            Assert.Equal("\"IOMMU: groupID=%d device=%s\", REC->gid, __get_str(device)",
                PrintFmt(profile, "remove_device_from_group"));
            // TP_printk("IOMMU: device=%s", __get_str(device))
            Assert.Equal("\"IOMMU: device=%s\", __get_str(device)", PrintFmt(profile, "attach_device_to_domain"));
            // TP_printk("IOMMU:%s %s iova=0x%016llx flags=0x%04x",
            //   __get_str(driver), __get_str(device), __entry->iova, __entry->flags)
            Assert.Equal("\"IOMMU:%s %s iova=0x%016llx flags=0x%04x\", __get_str(driver), __get_str(device), "
                + "REC->iova, REC->flags", PrintFmt(profile, "io_page_fault"));
        }
    }

    [Fact]
    public void Only_the_current_profile_lacks_detach()
    {
        // Current drivers/iommu/iommu-traces.c exports add/remove_device_to/from_group, attach_device_to_domain,
        // map, unmap and io_page_fault: no detach_device_from_domain.
        Assert.Null(IommuEventFormats.Find(FtraceProfile.Current, "detach_device_from_domain"));
        Assert.Equal(6, IommuEventFormats.All(FtraceProfile.Current).Count);
        Assert.Equal("\"IOMMU: device=%s\", __get_str(device)",
            PrintFmt(FtraceProfile.V5_17, "detach_device_from_domain"));
        Assert.Equal(7, IommuEventFormats.All(FtraceProfile.V4).Count);
    }

    [Fact]
    public void Profiles_are_found_by_name_and_ids_are_distinct()
    {
        Assert.Same(FtraceProfile.Current, FtraceProfile.FromName("current"));
        Assert.Same(FtraceProfile.V5_17, FtraceProfile.FromName("5.17"));
        Assert.Same(FtraceProfile.V4, FtraceProfile.FromName("4.x"));
        Assert.Throws<ArgumentException>(() => FtraceProfile.FromName("3.10"));
        var ids = new HashSet<ushort>();
        foreach (var format in IommuEventFormats.All(FtraceProfile.V4)) Assert.True(ids.Add(format.Id));
    }
}
