using IommuSim.Kernel.Randomness;

namespace IommuSim.Devices.Nic;

/// <summary>
/// Which flow each frame belongs to: flows 0..F-1 equally likely (skew 0, one bounded draw), or flow k-1 with
/// probability proportional to 1/k^s (Zipf popularity with exponent s, by <see cref="ZipfSampler"/>).
/// </summary>
public sealed class FlowSelector
{
    private readonly RandomStream _stream;
    private readonly ZipfSampler? _zipf;

    /// <summary><paramref name="flows"/> flows with popularity exponent <paramref name="skew"/> (0: uniform), drawn from <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flows"/> is not positive or <paramref name="skew"/> is negative or not finite.</exception>
    public FlowSelector(RandomStream stream, int flows, double skew)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(flows, 1);
        if (!(skew >= 0) || double.IsInfinity(skew))
            throw new ArgumentOutOfRangeException(nameof(skew), skew, "the skew is a finite, non-negative Zipf exponent");
        _stream = stream;
        Flows = flows;
        Skew = skew;
        if (skew > 0) _zipf = new ZipfSampler(stream, flows, skew);
    }

    /// <summary>The number of flows.</summary>
    public int Flows { get; }

    /// <summary>The Zipf exponent of flow popularity; 0 is uniform.</summary>
    public double Skew { get; }

    /// <summary>The flow of the next frame, from 0 (flow 0 is the most popular under skew).</summary>
    public int Next() => _zipf is null ? _stream.NextInt(Flows) : (int)(_zipf.Next() - 1);
}
