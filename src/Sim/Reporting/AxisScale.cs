namespace IommuSim.Reporting;

/// <summary>An axis's scale.</summary>
public enum AxisScale
{
    /// <summary>Linear.</summary>
    Linear,
    /// <summary>Base-10 logarithmic (latencies spanning decades).</summary>
    Log,
}
