using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceFormatFileTests
{
    // The four common fields every format file starts with (struct trace_entry: u16 type, u8 flags,
    // u8 preempt_count, int pid).
    private const string Common =
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
        + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
        + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
        + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n";

    [Fact]
    public void Map_format_file_lays_three_u64_after_the_8_common_bytes()
    {
        string expected = "name: map\nID: 1404\nformat:\n" + Common + "\n"
            + "\tfield:u64 iova;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:u64 paddr;\toffset:16;\tsize:8;\tsigned:0;\n"
            + "\tfield:size_t size;\toffset:24;\tsize:8;\tsigned:0;\n"
            + "\nprint fmt: \"IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu\", "
            + "REC->iova, REC->iova + REC->size, REC->paddr, REC->size\n";
        Assert.Equal(expected, IommuEventFormats.Find(FtraceProfile.Current, "map")!.FormatFile());
    }

    [Fact]
    public void Io_page_fault_has_two_data_locs_then_the_u64_at_16_and_the_int_at_24()
    {
        // 5.17: char still signed on x86, so the strings show signed:1.
        string expected = "name: io_page_fault\nID: 1406\nformat:\n" + Common + "\n"
            + "\tfield:__data_loc char[] device;\toffset:8;\tsize:4;\tsigned:1;\n"
            + "\tfield:__data_loc char[] driver;\toffset:12;\tsize:4;\tsigned:1;\n"
            + "\tfield:u64 iova;\toffset:16;\tsize:8;\tsigned:0;\n"
            + "\tfield:int flags;\toffset:24;\tsize:4;\tsigned:1;\n"
            + "\nprint fmt: \"IOMMU:%s %s iova=0x%016llx flags=0x%04x\", __get_str(driver), __get_str(device), "
            + "REC->iova, REC->flags\n";
        var format = IommuEventFormats.Find(FtraceProfile.V5_17, "io_page_fault")!;
        Assert.Equal(expected, format.FormatFile());
        Assert.Equal(28, format.DataOffset); // right after the int at 24
        Assert.Equal(32, format.StructSize); // rounded up to the u64's alignment
    }

    [Fact]
    public void Group_format_puts_gid_at_8_and_the_device_loc_at_12_unsigned_char_in_current()
    {
        // A built current kernel lists gid as int (size 4, signed 1) and device as __data_loc char[]
        // (size 4, signed 0).
        var format = IommuEventFormats.Find(FtraceProfile.Current, "add_device_to_group")!;
        Assert.Equal(new FtraceField("int", "gid", 8, 4, true), format.Field("gid"));
        Assert.Equal(new FtraceField("__data_loc char[]", "device", 12, 4, false), format.Field("device"));
        Assert.True(format.Field("device").IsDataLoc);
        Assert.Equal(16, format.DataOffset);
    }

    [Fact]
    public void Every_fixed_field_is_aligned_to_its_size_and_ends_inside_the_struct()
    {
        foreach (var profile in FtraceProfile.All)
            foreach (var format in IommuEventFormats.All(profile))
            {
                int end = FtraceEventFormat.CommonSize;
                foreach (var field in format.Fields)
                {
                    Assert.Equal(0, field.Offset % field.Size);
                    Assert.True(field.Offset >= end, $"{format.Name}.{field.Name} overlaps");
                    end = field.Offset + field.Size;
                }
                Assert.True(end <= format.DataOffset && format.DataOffset <= format.StructSize, format.Name);
            }
    }
}
