using MathNet.Numerics.Distributions;

namespace IommuSim.Tests.Kernel.Randomness;

/// <summary>Pearson's chi-square goodness-of-fit statistic against equal expected bin counts.</summary>
internal static class UniformityCheck
{
    public static double ChiSquare(long[] counts)
    {
        double total = 0;
        foreach (long c in counts) total += c;
        double expected = total / counts.Length;
        double statistic = 0;
        foreach (long c in counts)
            statistic += (c - expected) * (c - expected) / expected;
        return statistic;
    }

    /// <summary>The 0.999 quantile of chi-square with bins - 1 degrees of freedom.</summary>
    public static double Critical999(int bins) => ChiSquared.InvCDF(bins - 1, 0.999);

    public static double PearsonCorrelation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
