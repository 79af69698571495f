namespace IommuSim.Devices.Replay;

/// <summary>
/// The problems a trace reader found: every one counted, the first <see cref="Kept"/> kept, so that a long file
/// of bad lines costs no more memory than a short one.
/// </summary>
internal sealed class TraceProblemLog
{
    /// <summary>Problems kept with their text; later ones are only counted.</summary>
    public const int Kept = 100;

    private readonly List<TraceProblem> _first = [];

    /// <summary>The first problems, in file order.</summary>
    public IReadOnlyList<TraceProblem> First => _first;

    /// <summary>Every problem found, kept or not.</summary>
    public long Count { get; private set; }

    /// <summary>Records a problem at <paramref name="line"/> and 1-based <paramref name="column"/>.</summary>
    public void Add(long line, int column, string message)
    {
        if (_first.Count < Kept) _first.Add(new TraceProblem(line, column, message));
        Count++;
    }
}
