using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceRawRecordTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Map_record_is_the_common_fields_then_iova_paddr_size_little_endian()
    {
        // irqs off and BH off (0x01 | 0x80), preempt depth 2 and migrate-disable 1 (0x12), pid 4242 = 0x1092.
        var context = new TraceContext("fio", 4242, 3, TraceFlags.IrqsOff | TraceFlags.BhOff, 2, 1);
        var map = new MapEvent(SimTime.Zero, 0xfe980000, 0x10ec80000, 524288);
        var buffer = new byte[64];
        int n = IommuRawRecords.EncodeMap(context, map, buffer);
        Assert.Equal(32, n);
        byte[] expected = Hex(
            "7c05 81 12 92100000"          // type 1404, flags, preempt count, pid
            + "000098fe00000000"           // iova 0xfe980000
            + "0000c80e01000000"           // paddr 0x1_0ec8_0000
            + "0000080000000000");         // size 0x80000
        Assert.Equal(expected, buffer[..n]);
    }

    [Fact]
    public void Io_page_fault_record_points_its_data_locs_at_the_strings_after_offset_28()
    {
        var context = TraceContext.IrqThread(26, "AMD-Vi", 154, 6);
        var fault = new IoPageFaultEvent(SimTime.Zero, "0000:01:00.0", "nvme", 0xfe980000, 1);
        var buffer = new byte[64];
        int n = IommuRawRecords.EncodeIoPageFault(context, fault, buffer);
        // 32-byte struct + "0000:01:00.0\0" (13) + "nvme\0" (5).
        Assert.Equal(50, n);
        Assert.Equal(n, IommuRawRecords.IoPageFaultSize(fault));
        byte[] expected = Hex(
            "7e05 00 00 9a000000"          // type 1406, no flags, pid 154
            + "1c000d00"                   // device: offset 28, length 13
            + "29000500"                   // driver: offset 41, length 5
            + "000098fe00000000"           // iova
            + "01000000"                   // flags IOMMU_FAULT_WRITE
            + "303030303a30313a30302e3000" // "0000:01:00.0\0"
            + "6e766d6500"                 // "nvme\0"
            + "00000000");                 // the kernel reserves sizeof (32) + 18 bytes: 4 left over
        Assert.Equal(expected, buffer[..n]);
    }

    [Fact]
    public void Group_record_holds_gid_then_a_data_loc_to_offset_16()
    {
        var group = new GroupEvent(SimTime.Zero, GroupEventKind.AddDeviceToGroup, 7, "0000:00:02.0");
        var buffer = new byte[64];
        int n = IommuRawRecords.EncodeGroup(TraceContext.Boot(), group, buffer);
        Assert.Equal(16 + 13, n);
        Assert.Equal(Hex("7805 00 00 01000000 07000000 10000d00 303030303a30303a30322e3000"), buffer[..n]);
    }

    [Fact]
    public void A_short_buffer_is_refused()
    {
        var map = new MapEvent(SimTime.Zero, 0, 0, 4096);
        Assert.Throws<ArgumentException>(() => IommuRawRecords.EncodeMap(TraceContext.Boot(), map, new byte[31]));
    }
}
