using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>What one page walk found and what it cost.</summary>
public readonly struct WalkResult
{
    internal WalkResult(IoFaultKind fault, in TranslationLeaf leaf, int reads, SimTime duration)
    {
        Fault = fault;
        Leaf = leaf;
        Reads = reads;
        Duration = duration;
    }

    /// <summary><see cref="IoFaultKind.None"/> when a leaf was found; otherwise <see cref="IoFaultKind.NotPresent"/> or
    /// <see cref="IoFaultKind.BeyondAddressWidth"/> (permissions are checked by the caller, per request).</summary>
    public IoFaultKind Fault { get; }
    /// <summary>True when a translation was found.</summary>
    public bool Found => Fault == IoFaultKind.None;
    /// <summary>The translation of the walked IOVA: for a nested walk, the combined one (smaller page size, both stages' rights).</summary>
    public TranslationLeaf Leaf { get; }
    /// <summary>Memory reads made, both stages.</summary>
    public int Reads { get; }
    /// <summary>The sum of the reads' latencies: the walk's duration.</summary>
    public SimTime Duration { get; }
}
