namespace IommuSim.Pcie;

/// <summary>The TLPs of a DMA read: requests upstream (device to root complex), completions with data downstream.</summary>
/// <param name="Requests">Memory read request TLPs, upstream; each needs a tag.</param>
/// <param name="Completions">Completion-with-data TLPs, downstream.</param>
public readonly record struct ReadTraffic(TlpTraffic Requests, TlpTraffic Completions)
{
    /// <summary>The TLPs of both.</summary>
    public static ReadTraffic operator +(ReadTraffic a, ReadTraffic b) => new(a.Requests + b.Requests, a.Completions + b.Completions);
}
