namespace IommuSim.Devices.Nic;

/// <summary>
/// Receive-side scaling: which queue a flow's frames go to. The NIC hashes a frame's header (Toeplitz), takes the
/// low bits of the hash as an index into an indirection table, and the table entry is the queue. Here flow f's
/// hash bucket is f mod table size, a fixed deterministic stand-in for the hash that spreads consecutive flows
/// over the buckets without the hash's statistical unevenness, and the table is Linux's default
/// (ethtool_rxfh_indir_default: entry i is queue i mod queues).
/// </summary>
/// <remarks>
/// So with Q dividing the table size and F flows a multiple of Q every queue gets exactly F/Q flows; otherwise the
/// default table itself is uneven (128 entries over 3 queues give 43, 43, 42), as on real NICs.
/// </remarks>
public sealed class RssIndirection
{
    private readonly int[] _table;

    /// <summary>A table of <paramref name="tableEntries"/> spread over <paramref name="queues"/> queues.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public RssIndirection(int queues, int tableEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queues, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tableEntries, 1);
        Queues = queues;
        _table = new int[tableEntries];
        for (int i = 0; i < tableEntries; i++) _table[i] = i % queues;
    }

    /// <summary>The receive queues.</summary>
    public int Queues { get; }

    /// <summary>Entries in the indirection table.</summary>
    public int TableEntries => _table.Length;

    /// <summary>The queue of flow <paramref name="flow"/> (from 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flow"/> is negative.</exception>
    public int QueueOf(int flow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flow);
        return _table[flow % _table.Length];
    }
}
