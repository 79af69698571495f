using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceTextTests
{
    private static SimTime Us(long us) => SimTime.FromPicoseconds(us * SimTime.PsPerUs);

    private static string Line(FtraceProfile profile, TraceContext context, Action<FtraceTextWriter> raise)
    {
        var text = new StringWriter();
        raise(new FtraceTextWriter(text, profile, context));
        return text.ToString();
    }

    [Fact]
    public void A_map_line_matches_a_real_v6_12_trace()
    {
        // From an ath12k report on v6.12.35 (the mail wrapped it after "-"):
        const string real = "   (udev-worker)-532     [010] .....     4.878076: map: IOMMU: iova=0x00000000fe980000 - "
            + "0x00000000fea00000 paddr=0x000000010ec80000 size=524288\n";
        var context = TraceContext.Task("(udev-worker)", 532, 10);
        string line = Line(FtraceProfile.Current, context,
            w => w.Write(new MapEvent(Us(4_878_076), 0xfe980000, 0x10ec80000, 524288)));
        Assert.Equal(real, line);
    }

    [Fact]
    public void An_unmap_line_from_an_unbound_kworker_matches_the_same_trace()
    {
        const string real = "   kworker/u64:0-12      [011] .....   327.747766: unmap: IOMMU: iova=0x00000000fe980000 - "
            + "0x00000000fea00000 size=524288 unmapped_size=524288\n";
        string line = Line(FtraceProfile.Current, TraceContext.UnboundKworker(64, 0, 12, 11),
            w => w.Write(new UnmapEvent(Us(327_747_766), 0xfe980000, 524288, 524288)));
        Assert.Equal(real, line);
    }

    [Fact]
    public void Need_resched_with_preempt_resched_prints_N()
    {
        // From an i915 report: "gem_exec_gttfil-1010    [004] .N...    50.126420: map: ..." (15-character comm).
        const string real = " gem_exec_gttfil-1010    [004] .N...    50.126420: map: IOMMU: iova=0x00003fffffc00000 - "
            + "0x0000400000000000 paddr=0x00000001b9400000 size=4194304\n";
        var context = new TraceContext("gem_exec_gttfil", 1010, 4, TraceFlags.NeedResched | TraceFlags.PreemptResched);
        string line = Line(FtraceProfile.Current, context,
            w => w.Write(new MapEvent(Us(50_126_420), 0x3fffffc00000, 0x1b9400000, 4194304)));
        Assert.Equal(real, line);
    }

    [Fact]
    public void A_fault_line_in_the_4_x_layout_matches_a_real_amd_vi_trace()
    {
        // From the AMD-Vi io_page_fault patch's test output (four flag columns, %-5d pid); "[drvname]" was the
        // author's driver placeholder.
        const string real = "   irq/24-AMD-Vi-48    [002] ....   978.554289: io_page_fault: IOMMU:[drvname] 0000:05:00.0 "
            + "iova=0x0000000091482640 flags=0x0000\n";
        string line = Line(FtraceProfile.V4, TraceContext.IrqThread(24, "AMD-Vi", 48, 2),
            w => w.Write(new IoPageFaultEvent(Us(978_554_289), "0000:05:00.0", "[drvname]", 0x91482640, 0)));
        Assert.Equal(real, line);
    }

    [Fact]
    public void A_current_fault_line_matches_the_ath12k_trace()
    {
        // The mail lost the line's leading indentation; %16s gives "irq/26-AMD-Vi" (13 characters) three spaces.
        const string real = "   irq/26-AMD-Vi-154     [006] .....   327.753942: io_page_fault: IOMMU:ath12k_pci "
            + "0000:c2:00.0 iova=0x00000000fe980000 flags=0x0001\n";
        string line = Line(FtraceProfile.Current, TraceContext.IrqThread(26, "AMD-Vi", 154, 6),
            w => w.Write(new IoPageFaultEvent(Us(327_753_942), "0000:c2:00.0", "ath12k_pci", 0xfe980000, 1)));
        Assert.Equal(real, line);
    }

    [Fact]
    public void The_4_x_map_prints_no_range_and_group_and_attach_lines_follow_their_formats()
    {
        var text = new StringWriter();
        var writer = new FtraceTextWriter(text, FtraceProfile.V4, TraceContext.Boot());
        writer.Write(new GroupEvent(Us(1_000_000), GroupEventKind.AddDeviceToGroup, 12, "0000:01:00.0"));
        writer.Write(new DeviceDomainEvent(Us(1_000_001), DeviceDomainEventKind.AttachDeviceToDomain, "0000:01:00.0"));
        writer.Write(new MapEvent(Us(2_500_000), 0xfffff000, 0x123456000, 4096));
        string[] lines = text.ToString().Split('\n');
        Assert.Equal("       swapper/0-1     [000] ....     1.000000: add_device_to_group: IOMMU: groupID=12 device=0000:01:00.0", lines[0]);
        Assert.Equal("       swapper/0-1     [000] ....     1.000001: attach_device_to_domain: IOMMU: device=0000:01:00.0", lines[1]);
        Assert.Equal("       swapper/0-1     [000] ....     2.500000: map: IOMMU: iova=0x00000000fffff000 paddr=0x0000000123456000 size=4096", lines[2]);
        Assert.Equal(3, writer.LinesWritten);
    }

    [Fact]
    public void Detach_is_skipped_by_the_current_profile_and_written_by_5_17()
    {
        var detach = new DeviceDomainEvent(Us(5), DeviceDomainEventKind.DetachDeviceFromDomain, "0000:01:00.0");
        var current = new FtraceTextWriter(new StringWriter(), FtraceProfile.Current, TraceContext.Boot());
        current.Write(detach);
        Assert.Equal((0L, 1L), (current.LinesWritten, current.EventsSkipped));
        string line = Line(FtraceProfile.V5_17, TraceContext.Modprobe(300, 1), w => w.Write(detach));
        Assert.Equal("        modprobe-300     [001] .....     0.000005: detach_device_from_domain: IOMMU: device=0000:01:00.0\n", line);
    }

    [Fact]
    public void Timestamps_round_to_the_nearest_microsecond_as_ns2usecs_does()
    {
        Span<char> buffer = stackalloc char[FtraceText.LineCapacity];
        var ctx = TraceContext.NapiSoftIrq(0);
        // 1.0000005 s = 1_000_000_500 ns: (ns + 500) / 1000 = 1_000_001 us.
        int n = FtraceText.WriteContext(buffer, ctx, FtraceContextLayout.FiveFlagsPid7, SimTime.FromPicoseconds(1_000_000_500_000));
        Assert.Equal("          <idle>-0       [000] ..s..     1.000001: ", buffer[..n].ToString());
        // 499 ns rounds down to 0.
        n = FtraceText.WriteContext(buffer, ctx, FtraceContextLayout.FiveFlagsPid7, SimTime.FromPicoseconds(499_000));
        Assert.Equal("          <idle>-0       [000] ..s..     0.000000: ", buffer[..n].ToString());
    }

    [Theory]
    // The legend of trace_print_lat_fmt: irqs-off/BH 'd' 'b' 'D', need-resched 'n' 'p' 'N', hardirq/softirq
    // 'h' 's' 'H' 'z' 'Z', then the preempt and migrate-disable depths in hex ('.' when 0).
    [InlineData(TraceFlags.IrqsOff | TraceFlags.HardIrq, 0, 0, "d.h..")]
    [InlineData(TraceFlags.BhOff, 1, 0, "b..1.")]
    [InlineData(TraceFlags.IrqsOff | TraceFlags.BhOff | TraceFlags.NeedResched, 0, 2, "Dn..2")]
    [InlineData(TraceFlags.PreemptResched | TraceFlags.HardIrq | TraceFlags.SoftIrq, 11, 0, ".pHb.")]
    [InlineData(TraceFlags.Nmi, 0, 0, "..z..")]
    [InlineData(TraceFlags.Nmi | TraceFlags.HardIrq | TraceFlags.IrqsOff, 0, 0, "d.Z..")]
    public void Flag_columns_follow_the_kernel_legend(TraceFlags flags, int preempt, int migrate, string expected)
    {
        Span<char> text = stackalloc char[5];
        var context = new TraceContext("x", 1, 0, flags, preempt, migrate);
        Assert.Equal(5, context.WriteFlags(text, FtraceContextLayout.FiveFlagsPid7));
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public void The_four_flag_layout_has_no_bh_character_and_no_migrate_column()
    {
        Span<char> text = stackalloc char[5];
        var context = new TraceContext("x", 1, 0, TraceFlags.BhOff | TraceFlags.SoftIrq, 1, 3);
        Assert.Equal(4, context.WriteFlags(text, FtraceContextLayout.FourFlagsPid5));
        Assert.Equal("..s1", text[..4].ToString());
    }

    [Fact]
    public void Long_task_names_are_cut_to_15_characters()
    {
        Assert.Equal("qemu-system-x86", TraceContext.Task("qemu-system-x86_64", 10, 0).Comm);
        Assert.Equal(TraceContext.MaxCommLength, TraceContext.Qemu(10, 0).Comm.Length);
    }

    [Fact]
    public void Connected_to_the_model_trace_it_writes_one_line_per_event()
    {
        var trace = new IommuTrace();
        var text = new StringWriter();
        var writer = new FtraceTextWriter(text, FtraceProfile.Current, TraceContext.NapiSoftIrq(1));
        Assert.Equal(5, trace.Connect(writer));   // map, unmap, io_page_fault, group, attach/detach
        trace.Map.Emit(new MapEvent(Us(10), 0x1000, 0x2000, 4096));
        trace.Unmap.Emit(new UnmapEvent(Us(20), 0x1000, 4096, 4096));
        trace.IoPageFault.Emit(new IoPageFaultEvent(Us(30), "0000:01:00.0", "ixgbe", 0x1000, 0));
        string[] lines = text.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("map: IOMMU: iova=0x0000000000001000 - 0x0000000000002000 paddr=0x0000000000002000 size=4096", lines[0]);
        Assert.EndsWith("unmap: IOMMU: iova=0x0000000000001000 - 0x0000000000002000 size=4096 unmapped_size=4096", lines[1]);
        Assert.EndsWith("io_page_fault: IOMMU:ixgbe 0000:01:00.0 iova=0x0000000000001000 flags=0x0000", lines[2]);
        Assert.All(lines, l => Assert.StartsWith("          <idle>-0       [001] ..s.. ", l));
    }
}
