using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>Frame lengths drawn from a <see cref="FrameSizeDistribution"/> by inversion: one uniform draw per frame.</summary>
public sealed class EmpiricalFrameSizes : IFrameSizes
{
    private readonly FrameSizeDistribution _distribution;
    private readonly RandomStream _stream;

    /// <summary>Draws from <paramref name="distribution"/> with <paramref name="stream"/>.</summary>
    public EmpiricalFrameSizes(FrameSizeDistribution distribution, RandomStream stream)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(stream);
        _distribution = distribution;
        _stream = stream;
    }

    /// <inheritdoc/>
    public int NextBytes() => _distribution.InverseCdf(_stream.NextDouble());

    /// <inheritdoc/>
    public double MeanBytes => _distribution.MeanBytes;
}
