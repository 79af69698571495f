namespace IommuSim.Devices.Nic;

/// <summary>Every frame the same length, as an RFC 2544 trial sends (at one of the frame sizes its §9 lists).</summary>
public sealed class FixedFrameSize : IFrameSizes
{
    /// <summary>Frames of <paramref name="bytes"/> each, between the minimum and the largest accepted frame.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is outside 60..9216.</exception>
    public FixedFrameSize(int bytes)
    {
        if (bytes < EthernetFraming.MinFrameBytes || bytes > EthernetFraming.MaxFrameBytes)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes,
                $"a frame is {EthernetFraming.MinFrameBytes} to {EthernetFraming.MaxFrameBytes} bytes without FCS");
        Bytes = bytes;
    }

    /// <summary>The length of every frame.</summary>
    public int Bytes { get; }

    /// <inheritdoc/>
    public int NextBytes() => Bytes;

    /// <inheritdoc/>
    public double MeanBytes => Bytes;
}
