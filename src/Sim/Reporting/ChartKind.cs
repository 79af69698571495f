namespace IommuSim.Reporting;

/// <summary>How a chart draws its series.</summary>
public enum ChartKind
{
    /// <summary>Points joined by lines, in X order (sweep curves, CDFs); error bars where points have them.</summary>
    Line,
    /// <summary>One bar per point, grouped by series, categories along X (variants); error bars where points have them.</summary>
    Bar,
    /// <summary>Bars whose series stack on each other per category (latency parts).</summary>
    StackedBar,
}
