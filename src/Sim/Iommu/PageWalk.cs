namespace IommuSim.Iommu;

/// <summary>
/// What a hardware walker does for one IOVA: the tables it reads, top level first, and where it stops.
/// A value type with inline storage, so describing a walk allocates nothing.
/// </summary>
public readonly struct PageWalk
{
    /// <summary>The most tables a walk reads (one per level of a 5-level table).</summary>
    public const int MaxTableReads = 5;

    private readonly TableAddressBuffer _tables;

    internal PageWalk(ulong iova, int topLevel, in TableAddressBuffer tables, int tableReads, WalkOutcome outcome, TranslationLeaf leaf)
    {
        Iova = iova;
        TopLevel = topLevel;
        _tables = tables;
        TableReads = tableReads;
        Outcome = outcome;
        Leaf = leaf;
    }

    /// <summary>The IOVA walked.</summary>
    public ulong Iova { get; }
    /// <summary>The level of the top table (4 or 5).</summary>
    public int TopLevel { get; }
    /// <summary>How the walk ended.</summary>
    public WalkOutcome Outcome { get; }
    /// <summary>True when a leaf maps the IOVA; <see cref="Leaf"/> is then valid.</summary>
    public bool Found => Outcome == WalkOutcome.Leaf;
    /// <summary>The translation, when <see cref="Found"/>; default otherwise.</summary>
    public TranslationLeaf Leaf { get; }
    /// <summary>Number of tables read: one per level from the top down to <see cref="Level"/>; 0 past the address width.</summary>
    public int TableReads { get; }

    /// <summary>
    /// The level whose entry ended the walk: the leaf's level (1, 2 or 3) or the level of the entry found
    /// not present; 0 when the IOVA is past the address width.
    /// </summary>
    public int Level => TableReads == 0 ? 0 : TopLevel - TableReads + 1;

    /// <summary>The level of the table read <paramref name="read"/> (0 = the top table).</summary>
    public int LevelOfRead(int read) => TopLevel - read;

    /// <summary>Physical address of the table read at step <paramref name="read"/> (0 = the top table).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not below <see cref="TableReads"/>.</exception>
    public ulong TableAddress(int read) => (uint)read < (uint)TableReads
        ? _tables[read]
        : throw new ArgumentOutOfRangeException(nameof(read), read, $"the walk read {TableReads} tables");

    /// <summary>Physical address of the 8-byte entry read at step <paramref name="read"/>: table address plus 8 × index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not below <see cref="TableReads"/>.</exception>
    public ulong EntryAddress(int read) =>
        TableAddress(read) + (ulong)(PageTableFormat.EntryBytes * PageTableFormat.IndexAt(Iova, LevelOfRead(read)));

    /// <summary>Copies the table addresses, top first, into <paramref name="destination"/>; returns how many.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="TableReads"/>.</exception>
    public int CopyTableAddresses(Span<ulong> destination)
    {
        if (destination.Length < TableReads)
            throw new ArgumentException($"need room for {TableReads} addresses, got {destination.Length}", nameof(destination));
        for (int i = 0; i < TableReads; i++) destination[i] = _tables[i];
        return TableReads;
    }
}
