using IommuSim.Observe.Ftrace;

namespace IommuSim.Tests.Observe.Ftrace;

public class FtraceHeaderTests
{
    [Fact]
    public void The_five_flag_header_matches_a_real_v5_17_trace_file()
    {
        // cat /sys/kernel/debug/tracing/trace on 5.17.0-rc2-next-20220201 (a linux-kernel mail).
        const string real =
            "# tracer: nop\n"
            + "#\n"
            + "# entries-in-buffer/entries-written: 0/0   #P:64\n"
            + "#\n"
            + "#                                _-----=> irqs-off/BH-disabled\n"
            + "#                               / _----=> need-resched\n"
            + "#                              | / _---=> hardirq/softirq\n"
            + "#                              || / _--=> preempt-depth\n"
            + "#                              ||| / _-=> migrate-disable\n"
            + "#                              |||| /     delay\n"
            + "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
            + "#              | |         |   |||||     |         |\n";
        var text = new StringWriter();
        FtraceHeader.Write(text, FtraceContextLayout.FiveFlagsPid7, 0, 0, 64);
        Assert.Equal(real, text.ToString());
    }

    [Fact]
    public void The_four_flag_header_is_the_v4_print_func_help_header_irq_with_two_spaces_for_no_tgid()
    {
        // kernel/trace/trace.c (v4.14): seq_printf(m, "#                          %s  _-----=> irqs-off\n", ...)
        // and so on, with %s = "  " when record-tgid is off.
        string[] kernel =
        [
            "#                          %s  _-----=> irqs-off",
            "#                          %s / _----=> need-resched",
            "#                          %s| / _---=> hardirq/softirq",
            "#                          %s|| / _--=> preempt-depth",
            "#                          %s||| /     delay",
            "#           TASK-PID   CPU#%s||||    TIMESTAMP  FUNCTION",
            "#              | |       | %s||||       |         |",
        ];
        var expected = kernel.Select(line => line.Replace("%s", "  ")).ToArray();
        Assert.Equal(expected, FtraceHeader.Legend(FtraceContextLayout.FourFlagsPid5));
    }

    [Fact]
    public void The_four_flag_legend_matches_a_real_older_trace_file()
    {
        // A trace saved by a 2020s SDK's trace script on an older (four-flag) kernel.
        string[] real =
        [
            "#                              _-----=> irqs-off",
            "#                             / _----=> need-resched",
            "#                            | / _---=> hardirq/softirq",
            "#                            || / _--=> preempt-depth",
            "#                            ||| /     delay",
            "#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION",
            "#              | |       |   ||||       |         |",
        ];
        Assert.Equal(real, FtraceHeader.Legend(FtraceContextLayout.FourFlagsPid5));
    }

    [Fact]
    public void The_column_header_lines_up_with_the_context_of_a_line()
    {
        // "CPU#" starts at the bracket before the CPU number and "|||||" over the flags: both follow
        // %16s-%-7d [%03d] plus five flags.
        Span<char> buffer = stackalloc char[FtraceText.LineCapacity];
        int n = FtraceText.WriteContext(buffer, TraceContext.Boot(), FtraceContextLayout.FiveFlagsPid7,
            IommuSim.Kernel.SimTime.Zero);
        string context = buffer[..n].ToString();
        string columns = FtraceHeader.Legend(FtraceContextLayout.FiveFlagsPid7)[6];
        Assert.Equal(columns.IndexOf("CPU#", StringComparison.Ordinal), context.IndexOf('['));
        Assert.Equal(columns.IndexOf("|||||", StringComparison.Ordinal), context.IndexOf(']') + 2);
    }

    [Fact]
    public void Counts_must_be_consistent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            FtraceHeader.Write(new StringWriter(), FtraceContextLayout.FiveFlagsPid7, 5, 4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            FtraceHeader.Write(new StringWriter(), FtraceContextLayout.FiveFlagsPid7, 0, 0, 0));
    }
}
