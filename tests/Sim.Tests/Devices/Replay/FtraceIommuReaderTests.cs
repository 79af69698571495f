using IommuSim.Devices.Replay;
using IommuSim.Kernel;

namespace IommuSim.Tests.Devices.Replay;

public class FtraceIommuReaderTests
{
    // The header /sys/kernel/tracing/trace prints with irq-info on, five flag columns (kernels with migrate-disable).
    private const string FiveFlagHeader =
        "# tracer: nop\n" +
        "#\n" +
        "# entries-in-buffer/entries-written: 3/3   #P:8\n" +
        "#\n" +
        "#                                _-----=> irqs-off/BH-disabled\n" +
        "#                               / _----=> need-resched\n" +
        "#                              | / _---=> hardirq/softirq\n" +
        "#                              || / _--=> preempt-depth\n" +
        "#                              ||| / _-=> migrate-disable\n" +
        "#                              |||| /     delay\n" +
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n" +
        "#              | |         |   |||||     |         |\n";

    private const string OldMap =
        "            bash-1733  [001] ....   101.234567: map: IOMMU: iova=0x0000000000200000 paddr=0x0000000081200000 size=2097152";

    private static (List<IommuTraceRecord> Records, FtraceIommuReader Reader) ReadAll(string text)
    {
        var reader = new FtraceIommuReader(new StringReader(text));
        var records = new List<IommuTraceRecord>();
        while (reader.Read(out var record)) records.Add(record);
        return (records, reader);
    }

    private static SimTime Seconds(long seconds, long picoseconds) => SimTime.FromPicoseconds(seconds * SimTime.PsPerS + picoseconds);

    [Fact]
    public void A_current_kernel_trace_with_five_flags_gives_exactly_its_map_and_unmap_events()
    {
        string text = FiveFlagHeader +
            "     kworker/u16:3-412     [002] ..... 12345.678901: map: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 paddr=0x0000000123456000 size=4096\n" +
            "          <idle>-0         [000] d.h1. 12345.678950: sched_switch: prev_comm=swapper/0 prev_pid=0 ==> next_comm=ping next_pid=1234\n" +
            "  Web Content-4321    (   4300) [005] ...1. 12345.700000: unmap: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 size=4096 unmapped_size=4096\n";
        var (records, reader) = ReadAll(text);
        Assert.Empty(reader.Problems);
        IommuTraceRecord[] expected =
        [
            new(Seconds(12345, 678_901_000_000), 2, IommuTraceEventKind.Map, 0xfffff000, 4096, 0x123456000, 0, 13),
            new(Seconds(12345, 700_000_000_000), 5, IommuTraceEventKind.Unmap, 0xfffff000, 4096, 0, 4096, 15),
        ];
        Assert.Equal(expected, records);
        Assert.Equal(1, reader.SkippedEvents);
        Assert.Equal(15, reader.LinesRead);
    }

    [Fact]
    public void An_earlier_kernel_trace_with_four_flags_or_none_gives_exactly_its_events()
    {
        string text =
            "# tracer: nop\n" +
            "#\n" +
            "#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION\n" +
            "#              | |       |   ||||       |         |\n" +
            OldMap + "\n" +
            "            bash-1733  [001] ....   101.234600: unmap: IOMMU: iova=0x0000000000200000 size=2097152 unmapped_size=2097152\n" +
            "          <idle>-0     [003]   101.300000: map: IOMMU: iova=0x0000000000001000 paddr=0x00000000deadb000 size=4096\n";
        var (records, reader) = ReadAll(text);
        Assert.Empty(reader.Problems);
        IommuTraceRecord[] expected =
        [
            new(Seconds(101, 234_567_000_000), 1, IommuTraceEventKind.Map, 0x200000, 2097152, 0x81200000, 0, 5),
            new(Seconds(101, 234_600_000_000), 1, IommuTraceEventKind.Unmap, 0x200000, 2097152, 0, 2097152, 6),
            new(Seconds(101, 300_000_000_000), 3, IommuTraceEventKind.Map, 0x1000, 4096, 0xdeadb000, 0, 7),
        ];
        Assert.Equal(expected, records);
        Assert.Equal(0, reader.SkippedEvents);
    }

    [Fact]
    public void What_trace_cmd_report_prints_is_read_too_nanoseconds_included()
    {
        const string text =
            "cpus=8\n" +
            "            bash-1733  [001]   101.234567891: map:                  IOMMU: iova=0x0000000000001000 paddr=0x0000000000abc000 size=4096\n" +
            "CPU 3 is empty\n" +
            "            bash-1733  [001] d..1.   101.234567999: iommu:unmap:    IOMMU: iova=0x0000000000001000 size=4096 unmapped_size=4096\n";
        var (records, reader) = ReadAll(text);
        Assert.Empty(reader.Problems);
        Assert.Equal(
            [(Seconds(101, 234_567_891_000), IommuTraceEventKind.Map, 0xabc000UL), (Seconds(101, 234_567_999_000), IommuTraceEventKind.Unmap, 0UL)],
            records.Select(r => (r.Timestamp, r.Event, r.PhysicalAddress)));
    }

    [Fact]
    public void A_trace_without_iommu_events_is_one_problem_naming_how_many_others_it_had()
    {
        string text = FiveFlagHeader + "          <idle>-0         [000] d.h1. 1.000000: sched_switch: prev_comm=swapper/0\n";
        var (records, reader) = ReadAll(text);
        Assert.Empty(records);
        var problem = Assert.Single(reader.Problems);
        Assert.Contains("no iommu map or unmap events (1 other events)", problem.Message);
    }

    public static TheoryData<string, int, string> BadLines()
    {
        const string newMap =
            "     kworker/u16:3-412     [002] ..... 12345.678901: map: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 paddr=0x0000000123456000 size=4096";
        const string newUnmap =
            "     kworker/u16:3-412     [002] ..... 12345.678901: unmap: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 size=4096 unmapped_size=4096";
        int Col(string line, string part, int offset = 0) => line.IndexOf(part, StringComparison.Ordinal) + 1 + offset;
        string cutInPaddr = OldMap[..(OldMap.IndexOf("paddr=", StringComparison.Ordinal) + "paddr=0x".Length)];
        string cutBeforePaddr = OldMap[..(OldMap.IndexOf(" paddr=", StringComparison.Ordinal))];
        string cutInStamp = OldMap[..(OldMap.IndexOf("101.23", StringComparison.Ordinal) + "101.23".Length)];
        string cutInCpu = OldMap[..(OldMap.IndexOf("[00", StringComparison.Ordinal) + "[00".Length)];
        string cutAfterEvent = OldMap[..(OldMap.IndexOf("map: ", StringComparison.Ordinal) + "map: ".Length)];
        string badIova = OldMap.Replace("iova=0x0000000000200000", "iova=0x00000000002g0000");
        string badFlags = OldMap.Replace("[001] ....", "[001] d..1...");
        string rawClock = OldMap.Replace("101.234567:", "123456789:");
        string badEnd = newMap.Replace("- 0x0000000100000000", "- 0x0000000100001000");
        string badSize = newUnmap.Replace("size=4096 unmapped", "size=4k unmapped");
        string extra = OldMap + " dev=0000:01:00.0";
        return new TheoryData<string, int, string>
        {
            { cutInPaddr, Col(cutInPaddr, "paddr=", 6), "expected a hexadecimal number after 'paddr='" },
            { cutBeforePaddr, cutBeforePaddr.Length + 1, "ends early: expected 'paddr='" },
            { cutInStamp, Col(cutInStamp, "101.23"), "expected the timestamp" },
            { cutInCpu, Col(cutInCpu, "[00", 1), "CPU number" },
            { cutAfterEvent, cutAfterEvent.Length + 1, "ends early: expected 'IOMMU: iova=0x... - 0x... paddr=0x... size=N'" },
            { "hello world", 1, "not a trace line" },
            { "[001] ....   101.234567: map: IOMMU: iova=0x1 paddr=0x1 size=1", 1, "not a trace line" },
            { badIova, Col(badIova, "iova=", 5), "hexadecimal" },
            { badFlags, Col(badFlags, "d..1..."), "flags column" },
            { rawClock, Col(rawClock, "123456789"), "raw clock count" },
            { badEnd, Col(badEnd, "0x0000000100001000"), "is not iova + size" },
            { badSize, Col(badSize, "size=4k", 5), "whole number of bytes after 'size='" },
            { extra, Col(extra, "dev="), "unexpected text" },
            { OldMap.Replace("map:", "map"), Col(OldMap, "map:"), "event name followed by ':'" },
            { OldMap.Replace("IOMMU:", "SMMU:"), Col(OldMap, "IOMMU:"), "expected 'IOMMU:'" },
            { "CPU:2 [LOST 193 EVENTS]", 7, "lost events" },   // kernel/trace/trace.c, print_trace_line
            { "CPU:2 [LOST EVENTS]", 7, "lost events" },
        };
    }

    // Each bad line gives one problem, at the column (from 1) of the offending field; a good event follows it.
    [Theory]
    [MemberData(nameof(BadLines))]
    public void Each_kind_of_bad_line_is_one_problem_at_its_line_and_column(string line, int column, string message)
    {
        const string after = "            bash-1733  [001] ....   200.000000: unmap: IOMMU: iova=0x0000000000200000 size=4096 unmapped_size=4096";
        var (records, reader) = ReadAll("# tracer: nop\n" + line + "\n" + after + "\n");
        var problem = Assert.Single(reader.Problems);
        Assert.Equal((2L, column), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message);
        Assert.Equal(3, Assert.Single(records).Line);
    }

    [Fact]
    public void A_timestamp_going_back_is_one_problem_at_its_column()
    {
        string earlier = OldMap.Replace("101.234567:", "100.000001:");
        var (records, reader) = ReadAll(OldMap + "\n" + earlier + "\n");
        var problem = Assert.Single(reader.Problems);
        Assert.Equal((2L, earlier.IndexOf("100.000001", StringComparison.Ordinal) + 1), (problem.Line, problem.Column));
        Assert.Contains("must not decrease", problem.Message);
        Assert.Single(records);
    }
}
