namespace IommuSim.Devices.Replay;

/// <summary>A mistake in a trace file, at a 1-based line and column (of the offending field).</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column of the field, from 1 (in characters).</param>
/// <param name="Message">What is wrong and what is expected.</param>
public readonly record struct TraceProblem(long Line, int Column, string Message)
{
    /// <summary>"line 3, column 7: ..." — the form a loader prefixes with the file name.</summary>
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
