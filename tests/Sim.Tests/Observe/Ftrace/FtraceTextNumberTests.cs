using System.Globalization;
using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

/// <summary>
/// Every number in a line reads as the printf conversion names it, for edge values and random ones: the expected
/// lines are built here with .NET's own composite formatting, independently of the writer's hand-rolled digits.
/// </summary>
public class FtraceTextNumberTests
{
    private static readonly ulong[] Edges =
        [0, 1, 9, 10, 15, 16, 99, 100, 4095, 4096, 0xffff, 0x10000, 999_999, 1_000_000, uint.MaxValue, 1UL << 32,
         long.MaxValue, 1UL << 63, ulong.MaxValue - 1, ulong.MaxValue];

    [Fact]
    public void Map_unmap_and_fault_lines_print_their_numbers_as_printf_does()
    {
        var random = new Random(11);
        var values = new List<ulong>(Edges);
        for (int i = 0; i < 2000; i++) values.Add((ulong)random.NextInt64() >> random.Next(64) | (ulong)random.Next(2) << 63);
        var buffer = new char[FtraceText.LineCapacity];
        for (int i = 0; i < values.Count; i++)
        {
            ulong a = values[i], b = values[(i * 7 + 3) % values.Count], c = values[(i * 13 + 5) % values.Count];
            long ps = (long)(a >> 1) / 1000 * 1000;     // whole nanoseconds, any magnitude
            int cpu = (int)(b % 5000), pid = (int)(c % 5_000_000), flags = unchecked((int)(uint)c);
            var context = new TraceContext("t", pid, cpu, TraceFlags.None);
            long usecs = (ps / 1000 + 500) / 1000;
            string prefix = string.Create(CultureInfo.InvariantCulture,
                $"{"t",16}-{pid,-7} [{cpu:D3}] ..... {usecs / 1_000_000,5}.{usecs % 1_000_000:D6}: ");

            int n = FtraceText.WriteContext(buffer, context, FtraceContextLayout.FiveFlagsPid7, SimTime.FromPicoseconds(ps));
            n += FtraceText.WriteMap(buffer.AsSpan(n), FtraceProfile.Current, new MapEvent(SimTime.Zero, a, b, c));
            Assert.Equal(prefix + string.Create(CultureInfo.InvariantCulture,
                $"map: IOMMU: iova=0x{a:x16} - 0x{unchecked(a + c):x16} paddr=0x{b:x16} size={c}"), new string(buffer, 0, n));

            n = FtraceText.WriteUnmap(buffer, FtraceProfile.V4, new UnmapEvent(SimTime.Zero, b, c, a));
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"unmap: IOMMU: iova=0x{b:x16} size={c} unmapped_size={a}"),
                new string(buffer, 0, n));

            n = FtraceText.WriteIoPageFault(buffer, new IoPageFaultEvent(SimTime.Zero, "d", "r", c, flags));
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"io_page_fault: IOMMU:r d iova=0x{c:x16} flags=0x{(uint)flags:x4}"),
                new string(buffer, 0, n));
        }
    }

    [Theory]
    [InlineData(-1, -3, -2)]
    [InlineData(0, 0, 0)]
    [InlineData(int.MaxValue, int.MinValue, int.MaxValue)]
    public void Negative_and_extreme_ints_print_as_before(int cpu, int pid, int groupId)
    {
        var buffer = new char[FtraceText.LineCapacity];
        int n = FtraceText.WriteContext(buffer, new TraceContext("x", pid, cpu, TraceFlags.None), FtraceContextLayout.FourFlagsPid5,
            SimTime.FromMicroseconds(1));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{"x",16}-{pid,-5} [{cpu:D3}] ....     0.000001: "),
            new string(buffer, 0, n));
        n = FtraceText.WriteGroup(buffer, new GroupEvent(SimTime.Zero, GroupEventKind.AddDeviceToGroup, groupId, "dev"));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"add_device_to_group: IOMMU: groupID={groupId} device=dev"),
            new string(buffer, 0, n));
    }
}
