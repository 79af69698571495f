namespace IommuSim.Devices;

/// <summary>How one <see cref="DmaEngine"/> transfer went.</summary>
public readonly struct DmaOutcome
{
    internal DmaOutcome(bool faulted, long startPs, long translatedPs, int hits, int misses)
    {
        Faulted = faulted;
        StartPs = startPs;
        TranslatedPs = translatedPs;
        IotlbHits = hits;
        IotlbMisses = misses;
    }

    /// <summary>True when an IO page fault aborted the transfer: no data moved.</summary>
    public bool Faulted { get; }

    /// <summary>When the transfer started, in picoseconds.</summary>
    public long StartPs { get; }

    /// <summary>When its last 4 KiB piece was translated, in picoseconds (its start when untranslated).</summary>
    public long TranslatedPs { get; }

    /// <summary>Pieces the IOTLB answered.</summary>
    public int IotlbHits { get; }

    /// <summary>Pieces that needed a page walk (their own or a shared one).</summary>
    public int IotlbMisses { get; }
}
