namespace IommuSim.Observe.Ftrace;

/// <summary>
/// The header <c>/sys/kernel/tracing/trace</c> prints with the nop tracer: kernel/trace/trace.c
/// <c>print_trace_header</c> path for non-latency tracers, <c>print_event_info</c> then
/// <c>print_func_help_header_irq</c> (the <c>irq-info</c> option is on by default; <c>record-tgid</c> off).
/// </summary>
public static class FtraceHeader
{
    /// <summary>The flag legend and column header of <paramref name="layout"/>, one entry per line.</summary>
    public static IReadOnlyList<string> Legend(FtraceContextLayout layout) =>
        layout == FtraceContextLayout.FourFlagsPid5 ? FourFlagLegend : FiveFlagLegend;

    // v5.17 on: print_func_help_header_irq with prec 2 (no tgid): "#" + 28 spaces + 2 spaces of padding.
    private static readonly string[] FiveFlagLegend =
    [
        "#" + new string(' ', 32) + "_-----=> irqs-off/BH-disabled",
        "#" + new string(' ', 31) + "/ _----=> need-resched",
        "#" + new string(' ', 30) + "| / _---=> hardirq/softirq",
        "#" + new string(' ', 30) + "|| / _--=> preempt-depth",
        "#" + new string(' ', 30) + "||| / _-=> migrate-disable",
        "#" + new string(' ', 30) + "|||| /     delay",
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
        "#              | |         |   |||||     |         |",
    ];

    // v4.x: "#" + 26 spaces + the two-space non-tgid padding.
    private static readonly string[] FourFlagLegend =
    [
        "#" + new string(' ', 30) + "_-----=> irqs-off",
        "#" + new string(' ', 29) + "/ _----=> need-resched",
        "#" + new string(' ', 28) + "| / _---=> hardirq/softirq",
        "#" + new string(' ', 28) + "|| / _--=> preempt-depth",
        "#" + new string(' ', 28) + "||| /     delay",
        "#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION",
        "#              | |       |   ||||       |         |",
    ];

    /// <summary>
    /// Writes the whole header: <c># tracer: nop</c>, <c>#</c>,
    /// <c># entries-in-buffer/entries-written: N/W   #P:CPUS</c>, <c>#</c>, then the legend; each line ends
    /// with <c>\n</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="layout">The context layout, which decides the legend.</param>
    /// <param name="entries">Entries in the buffer (the lines that follow).</param>
    /// <param name="written">Entries written, overwritten ones included (equal to <paramref name="entries"/> when nothing was lost).</param>
    /// <param name="cpus">Online CPUs (<c>#P</c>).</param>
    public static void Write(TextWriter writer, FtraceContextLayout layout, long entries, long written, int cpus)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(written, entries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        writer.Write("# tracer: nop\n#\n");
        writer.Write($"# entries-in-buffer/entries-written: {entries}/{written}   #P:{cpus}\n#\n");
        foreach (var line in Legend(layout))
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
