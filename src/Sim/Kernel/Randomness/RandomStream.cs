namespace IommuSim.Kernel.Randomness;

/// <summary>
/// A named, seeded sequence of random numbers for one consumer (a device, a workload, an allocator).
/// Obtain streams from <see cref="RandomStreams.Get"/> so that their seeds derive from the scenario seed.
/// Every method is allocation-free and consumes a documented number of 64-bit draws, so results depend
/// only on the seed and the order of calls. Not thread-safe.
/// </summary>
public sealed class RandomStream
{
    // 2^-53: scales a 53-bit integer to a double in [0, 1) exactly (53 bits is a double's precision).
    private const double Unit53 = 1.0 / (1UL << 53);

    private readonly Xoshiro256StarStar _generator;

    /// <summary>Creates a stream named <paramref name="name"/> whose generator is seeded with <paramref name="seed"/>.</summary>
    public RandomStream(string name, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Seed = seed;
        _generator = new Xoshiro256StarStar(seed);
    }

    /// <summary>The name this stream was created with (for diagnostics and reproducibility records).</summary>
    public string Name { get; }

    /// <summary>The seed of the underlying <see cref="Xoshiro256StarStar"/> generator.</summary>
    public ulong Seed { get; }

    /// <summary>The next 64 uniformly distributed bits (one draw).</summary>
    public ulong NextUInt64() => _generator.NextUInt64();

    /// <summary>A uniform double in [0, 1): the top 53 bits of one draw times 2^-53.</summary>
    public double NextDouble() => (_generator.NextUInt64() >> 11) * Unit53;

    /// <summary>
    /// A uniform double in (0, 1]: (top 53 bits of one draw + 1) times 2^-53. Never zero, so it is safe
    /// as the argument of a logarithm.
    /// </summary>
    public double NextDoubleOpenClosed() => ((_generator.NextUInt64() >> 11) + 1) * Unit53;

    /// <summary>
    /// A uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias, by Lemire's
    /// multiply-and-reject method ("Fast random integer generation in an interval", ACM TOMACS 2019)
    /// on the top 32 bits of each draw. Usually one draw; a rejection (probability below
    /// <paramref name="exclusiveMax"/>/2^32) costs another.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The exclusive upper bound must be positive.");
        uint n = (uint)exclusiveMax;
        ulong product = (_generator.NextUInt64() >> 32) * n;
        uint low = (uint)product;
        if (low < n)
        {
            // 2^32 mod n: the count of low products that would over-represent some results.
            uint threshold = unchecked(0u - n) % n;
            while (low < threshold)
            {
                product = (_generator.NextUInt64() >> 32) * n;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias: Lemire's method
    /// on full 64-bit draws (128-bit product). Usually one draw.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public long NextInt64(long exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The exclusive upper bound must be positive.");
        return (long)NextUInt64(unchecked((ulong)exclusiveMax));
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="exclusiveMax"/>) without modulo bias: Lemire's method
    /// on full 64-bit draws (128-bit product). Usually one draw.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is zero.</exception>
    public ulong NextUInt64(ulong exclusiveMax)
    {
        if (exclusiveMax == 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The exclusive upper bound must be positive.");
        ulong high = Math.BigMul(_generator.NextUInt64(), exclusiveMax, out ulong low);
        if (low < exclusiveMax)
        {
            // 2^64 mod n: the count of low products that would over-represent some results.
            ulong threshold = unchecked(0UL - exclusiveMax) % exclusiveMax;
            while (low < threshold)
                high = Math.BigMul(_generator.NextUInt64(), exclusiveMax, out low);
        }
        return high;
    }

    /// <summary>
    /// An exponentially distributed value with the given mean, by inversion: -mean * ln(U) with U from
    /// <see cref="NextDoubleOpenClosed"/> (one draw). The result is finite and non-negative.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mean"/> is not positive and finite.</exception>
    public double NextExponential(double mean)
    {
        if (!(mean > 0) || double.IsPositiveInfinity(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean of an exponential distribution must be positive and finite.");
        // 0.0 - ln(U) rather than -ln(U): for U = 1 this gives +0 instead of -0.
        return mean * (0.0 - Math.Log(NextDoubleOpenClosed()));
    }

    /// <summary>
    /// True with probability <paramref name="p"/>: <c>NextDouble() &lt; p</c>. Always one draw, even for
    /// p = 0 or 1, so the stream's position does not depend on the parameter.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public bool NextBernoulli(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        return NextDouble() < p;
    }
}
