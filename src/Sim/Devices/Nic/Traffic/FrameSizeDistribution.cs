namespace IommuSim.Devices.Nic;

/// <summary>
/// An empirical distribution of frame lengths as a step CDF: frame length <c>Sizes[i]</c> with probability
/// <c>Cumulative[i] - Cumulative[i - 1]</c> (and <c>Cumulative[0]</c> for the first). Immutable; build it with
/// <see cref="TryCreate"/> or <see cref="FrameSizeCdfParser"/>.
/// </summary>
public sealed class FrameSizeDistribution
{
    /// <summary>How far the last cumulative probability may be from 1 (rounding in a written file).</summary>
    public const double Tolerance = 1e-9;

    private readonly int[] _sizes;
    private readonly double[] _cumulative;

    private FrameSizeDistribution(int[] sizes, double[] cumulative)
    {
        _sizes = sizes;
        _cumulative = cumulative;
        _cumulative[^1] = 1.0; // within Tolerance of 1 already; exactly 1 so that every draw finds a step
        double mean = 0, previous = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            mean += sizes[i] * (cumulative[i] - previous);
            previous = cumulative[i];
        }
        MeanBytes = mean;
    }

    /// <summary>The frame lengths, strictly increasing.</summary>
    public ReadOnlySpan<int> Sizes => _sizes;

    /// <summary>P(length ≤ <c>Sizes[i]</c>), non-decreasing, the last exactly 1.</summary>
    public ReadOnlySpan<double> Cumulative => _cumulative;

    /// <summary>The mean frame length: the sum of each size times its step.</summary>
    public double MeanBytes { get; }

    /// <summary>
    /// The smallest size whose cumulative probability exceeds <paramref name="u"/> in [0, 1): the inverse of the
    /// step CDF, by binary search. Allocation-free.
    /// </summary>
    public int InverseCdf(double u)
    {
        int lo = 0, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_cumulative[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        return _sizes[lo];
    }

    /// <summary>
    /// A distribution from (size, cumulative probability) points, or the first rule they break: at least one point,
    /// sizes whole and within 60..9216 B, strictly increasing, probabilities within [0, 1] and non-decreasing, the
    /// last 1. The parser reports every problem with its position; this checks the same rules for points built in code.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<(int Size, double Cumulative)> points, out FrameSizeDistribution? distribution, out string error)
    {
        distribution = null;
        if (points.Length == 0) { error = "no points: a CDF needs at least one (size, cumulative probability) point"; return false; }
        var sizes = new int[points.Length];
        var cumulative = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            var (size, p) = points[i];
            error = SizeProblem(size) ?? ProbabilityProblem(p) ?? "";
            if (error.Length == 0 && i > 0 && size <= sizes[i - 1])
                error = $"size {size} after {sizes[i - 1]}: sizes must increase";
            if (error.Length == 0 && i > 0 && p < cumulative[i - 1])
                error = $"cumulative probability {p} after {cumulative[i - 1]}: the CDF must not decrease";
            if (error.Length > 0) { error = $"point {i + 1}: {error}"; return false; }
            sizes[i] = size;
            cumulative[i] = p;
        }
        if (Math.Abs(cumulative[^1] - 1.0) > Tolerance)
        {
            error = $"the last cumulative probability is {cumulative[^1]}, expected 1";
            return false;
        }
        error = "";
        distribution = new FrameSizeDistribution(sizes, cumulative);
        return true;
    }

    /// <summary>Why <paramref name="size"/> is not an accepted frame length, or null.</summary>
    internal static string? SizeProblem(long size) =>
        size < EthernetFraming.MinFrameBytes || size > EthernetFraming.MaxFrameBytes
            ? $"size {size} B is outside {EthernetFraming.MinFrameBytes}..{EthernetFraming.MaxFrameBytes} B (frames without FCS)"
            : null;

    /// <summary>Why <paramref name="p"/> is not a probability, or null.</summary>
    internal static string? ProbabilityProblem(double p) =>
        !(p >= 0 && p <= 1) ? $"cumulative probability {p} is outside 0..1" : null;
}
