using IommuSim.Kernel;

namespace IommuSim.Devices.Replay;

/// <summary>
/// The context an ftrace text puts before every event (kernel/trace/trace_output.c, trace_print_context):
/// <c>TASK-PID [(TGID)] [CPU] [FLAGS] SECONDS.MICROSECONDS: EVENT: TEXT</c>. The TGID column appears with the
/// record-tgid option; the flags column (four characters, five since the migrate-disable column) with irq-info,
/// the default; both are optional. trace-cmd report prints the same layout, with nanoseconds when asked.
/// </summary>
internal static class FtraceLineContext
{
    /// <summary>The layout, for messages.</summary>
    public const string Layout = "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: TEXT";

    /// <summary>
    /// Reads the context of <paramref name="line"/>: the CPU, the timestamp, the event's name (without an
    /// <c>iommu:</c> system prefix) and where the event's text starts (0-based). False with the column and an
    /// explanation when the line does not have that layout.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out int cpu, out SimTime timestamp, out ReadOnlySpan<char> eventName,
        out int textStart, out int column, out string message)
    {
        cpu = 0;
        timestamp = default;
        eventName = default;
        textStart = 0;
        if (!TryFindCpu(line, out int open, out int close, out column, out message)) return false;
        if (line[..open].IsWhiteSpace())
        {
            column = 1;
            message = $"expected TASK-PID before [CPU]: the layout is '{Layout}'";
            return false;
        }
        cpu = int.Parse(line[(open + 1)..close], System.Globalization.CultureInfo.InvariantCulture);

        var cursor = new TraceLineCursor(line, close + 1);
        var token = cursor.Token(out column);
        if (!token.IsEmpty && token[^1] != ':')
        {
            // The flags column: irqs-off, need-resched, hardirq/softirq, preempt-depth (and migrate-disable).
            if (token.Length is not (4 or 5))
            {
                message = $"expected the flags column (4 or 5 characters, e.g. 'd..1.') or the timestamp, found '{token}'";
                return false;
            }
            token = cursor.Token(out column);
        }
        if (token.IsEmpty || token[^1] != ':')
        {
            message = token.IsEmpty
                ? $"the line ends early: expected the timestamp 'seconds.microseconds:' (layout '{Layout}')"
                : $"expected the timestamp 'seconds.microseconds:', found '{token}'";
            return false;
        }
        var stamp = token[..^1];
        if (!TraceFieldText.TryParseSeconds(stamp, out timestamp))
        {
            message = IsDigits(stamp)
                ? $"timestamp '{stamp}' is a raw clock count, not seconds: trace with a clock in seconds (trace_clock local, global, mono or boot)"
                : $"expected the timestamp as seconds.microseconds (e.g. 1234.567890), at most 12 decimals and about 106 days; found '{stamp}'";
            return false;
        }

        token = cursor.Token(out column);
        if (token.IsEmpty || token[^1] != ':' || token.Length == 1)
        {
            message = token.IsEmpty
                ? "the line ends early: expected the event name and ':' after the timestamp"
                : $"expected the event name followed by ':', found '{token}'";
            return false;
        }
        eventName = token[..^1];
        if (eventName.StartsWith("iommu:", StringComparison.Ordinal)) eventName = eventName["iommu:".Length..];
        textStart = cursor.Position;
        message = "";
        return true;
    }

    // The CPU column: '[', digits, ']' after a space, as "[%03d] " prints it. The task name before it may hold anything.
    private static bool TryFindCpu(ReadOnlySpan<char> line, out int open, out int close, out int column, out string message)
    {
        int firstOpen = -1;
        for (open = 1; open < line.Length; open++)
        {
            if (line[open] != '[' || !char.IsWhiteSpace(line[open - 1])) continue;
            if (firstOpen < 0) firstOpen = open;
            close = open + 1;
            while (close < line.Length && char.IsAsciiDigit(line[close])) close++;
            if (close > open + 1 && close - open - 1 <= 6 && close < line.Length && line[close] == ']'
                && (close + 1 == line.Length || char.IsWhiteSpace(line[close + 1])))
            {
                column = 0;
                message = "";
                return true;
            }
        }
        close = -1;
        column = firstOpen < 0 ? 1 : firstOpen + 2;
        message = firstOpen < 0
            ? $"not a trace line: expected '{Layout}'"
            : "expected the CPU number and ']' (e.g. [003]) after '['";
        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (char c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
