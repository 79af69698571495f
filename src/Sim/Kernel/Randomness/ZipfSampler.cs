namespace IommuSim.Kernel.Randomness;

/// <summary>
/// Draws ranks 1..n with probability proportional to 1/k^s, in constant memory and expected
/// constant time, by rejection-inversion (Hörmann and Derflinger, "Rejection-inversion to generate
/// variates from monotone discrete distributions", ACM TOMACS 6(3), 1996): a continuous hat
/// h(x) = x^-s is inverted through its integral H and samples are accepted against the exact mass.
/// </summary>
public sealed class ZipfSampler
{
    private readonly RandomStream _stream;
    private readonly long _n;
    private readonly double _s;
    private readonly double _hX1;     // H(1.5) - 1: the integral bound that makes rank 1 exact
    private readonly double _hN;      // H(n + 0.5)
    private readonly double _squeeze; // accept at once when |k - x| is within this

    /// <summary>Ranks 1..<paramref name="n"/> with exponent <paramref name="exponent"/> (0 is uniform).</summary>
    public ZipfSampler(RandomStream stream, long n, double exponent)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "need at least one rank");
        if (!(exponent >= 0) || double.IsInfinity(exponent))
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the exponent must be finite and non-negative");
        _stream = stream;
        _n = n;
        _s = exponent;
        _hX1 = H(1.5) - 1.0;
        _hN = H(n + 0.5);
        _squeeze = 2.0 - HInverse(H(2.5) - Hat(2.0));
    }

    /// <summary>Number of ranks.</summary>
    public long Count => _n;

    /// <summary>Draws a rank in 1..n.</summary>
    public long Next()
    {
        while (true)
        {
            double u = _hN + _stream.NextDouble() * (_hX1 - _hN);
            double x = HInverse(u);
            long k = (long)Math.Round(x, MidpointRounding.AwayFromZero);
            if (k < 1) k = 1;
            else if (k > _n) k = _n;
            if (k - x <= _squeeze || u >= H(k + 0.5) - Hat(k)) return k;
        }
    }

    private double Hat(double x) => Math.Exp(-_s * Math.Log(x));

    // H(x) = (x^(1-s) - 1) / (1 - s), which tends to ln x as s -> 1; written with the helper so
    // it stays accurate near s = 1.
    private double H(double x)
    {
        double logX = Math.Log(x);
        return ExpM1OverX((1.0 - _s) * logX) * logX;
    }

    private double HInverse(double y)
    {
        double t = y * (1.0 - _s);
        if (t < -1.0) t = -1.0; // guards rounding at the far end of the range
        return Math.Exp(Log1POverX(t) * y);
    }

    // (e^x - 1) / x, with its series near 0.
    private static double ExpM1OverX(double x) =>
        Math.Abs(x) > 1e-8 ? (Math.Exp(x) - 1.0) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + x * 0.25));

    // ln(1 + x) / x, with its series near 0.
    private static double Log1POverX(double x) =>
        Math.Abs(x) > 1e-8 ? Math.Log(1.0 + x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - x * 0.25));
}
