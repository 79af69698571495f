namespace IommuSim.Pcie;

/// <summary>
/// A root port's posted-write buffer in virtual time: every write TLP holds its cache-line credits from the moment
/// they are granted until it retires to memory, and TLPs retire in the order they were issued (a posted request
/// may not pass another posted request: PCIe Base Spec 5.0, §2.4.1, Table 2-39, without Relaxed Ordering). A TLP's
/// own retire time (its arrival or its translation, whichever is later, plus the memory write) may be unknown when
/// it is pushed, while its translation walks; it and every later TLP then wait.
/// </summary>
/// <remarks>
/// Grants are computed, not simulated: the timeline answers "when, at the earliest, are k credits free" from the
/// known retire times, so a transfer's TLPs need no event each. Entries live in a ring that grows to the largest
/// number in flight and never shrinks: the steady state allocates nothing.
/// </remarks>
public sealed class RetireTimeline
{
    /// <summary>A time not yet known (a translation still walking).</summary>
    public const long Unknown = long.MaxValue;

    private long[] _own = new long[64];
    private long[] _retire = new long[64];
    private long[] _granted = new long[64];
    private long[] _cumulative = new long[64];
    private int[] _lines = new int[64];
    private int _head;
    private int _count;
    private int _known;
    private long _firstTicket;
    private long _pushedLines;
    private long _freedLines;
    private long _lastRetire;
    private double _heldLinePs;

    /// <summary>Creates the buffer with <paramref name="capacity"/> cache-line credits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public RetireTimeline(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Cache-line credits in the buffer.</summary>
    public int Capacity { get; }

    /// <summary>TLPs pushed and not yet pruned (retired before the last <see cref="Prune"/>, or still held).</summary>
    public int InFlight => _count;

    /// <summary>True when some TLP's retire time is not yet known.</summary>
    public bool HasUnknown => _known < _count;

    /// <summary>Ticket the next <see cref="Push"/> returns.</summary>
    public long NextTicket => _firstTicket + _count;

    /// <summary>The retire time of the last TLP pushed whose time is known, in picoseconds (0 before any).</summary>
    public long LastRetire => _lastRetire;

    /// <summary>Sum over retired-and-pruned TLPs of credits × holding time, in line-picoseconds (for utilisation).</summary>
    public double HeldLinePicoseconds => _heldLinePs;

    /// <summary>Clears <see cref="HeldLinePicoseconds"/> (end of warm-up).</summary>
    public void ResetStatistics() => _heldLinePs = 0;

    /// <summary>Frees the credits of TLPs that retired at or before <paramref name="nowPs"/>.</summary>
    public void Prune(long nowPs)
    {
        while (_known > 0 && _retire[_head] <= nowPs)
        {
            _freedLines = _cumulative[_head];
            _heldLinePs += (double)_lines[_head] * (_retire[_head] - _granted[_head]);
            _head = (_head + 1) & (_own.Length - 1);
            _count--;
            _known--;
            _firstTicket++;
        }
    }

    /// <summary>
    /// The earliest time at or after <paramref name="atPs"/> at which <paramref name="lines"/> credits are free, or
    /// <see cref="Unknown"/> when it depends on a retire time not yet known.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is not in 1..<see cref="Capacity"/>.</exception>
    public long EarliestGrant(long atPs, int lines)
    {
        if ((uint)(lines - 1) >= (uint)Capacity) throw new ArgumentOutOfRangeException(nameof(lines), lines, $"a TLP takes 1 to {Capacity} lines");
        long mustFree = _pushedLines + lines - Capacity;
        if (mustFree <= _freedLines) return atPs;
        // Entries retire in order: the first whose cumulative count reaches mustFree frees enough when it retires.
        int lo = 0, hi = _count - 1, mask = _own.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (_cumulative[(_head + mid) & mask] >= mustFree) hi = mid; else lo = mid + 1;
        }
        if (lo >= _known) return Unknown;
        long at = _retire[(_head + lo) & mask];
        return at > atPs ? at : atPs;
    }

    /// <summary>
    /// Pushes a TLP holding <paramref name="lines"/> credits from <paramref name="grantedPs"/>, whose own retire time is
    /// <paramref name="ownRetirePs"/> (or <see cref="Unknown"/>); returns its ticket.
    /// </summary>
    public long Push(long grantedPs, int lines, long ownRetirePs)
    {
        if (_count == _own.Length) Grow();
        int i = (_head + _count) & (_own.Length - 1);
        _pushedLines += lines;
        _own[i] = ownRetirePs;
        _granted[i] = grantedPs;
        _lines[i] = lines;
        _cumulative[i] = _pushedLines;
        _retire[i] = Unknown;
        _count++;
        Propagate();
        return _firstTicket + _count - 1;
    }

    /// <summary>Sets the own retire time of the TLP with <paramref name="ticket"/>, once its translation is known.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ticket is not in flight.</exception>
    public void Resolve(long ticket, long ownRetirePs)
    {
        long offset = ticket - _firstTicket;
        if (offset < 0 || offset >= _count) throw new ArgumentOutOfRangeException(nameof(ticket), ticket, "not in flight");
        _own[(_head + (int)offset) & (_own.Length - 1)] = ownRetirePs;
        Propagate();
    }

    /// <summary>The retire time of the TLP with <paramref name="ticket"/>: known, <see cref="Unknown"/>, or, once pruned, at most the last prune time.</summary>
    public long RetireOf(long ticket)
    {
        long offset = ticket - _firstTicket;
        if (offset < 0) return long.MinValue;
        if (offset >= _count) throw new ArgumentOutOfRangeException(nameof(ticket), ticket, "not yet pushed");
        return _retire[(_head + (int)offset) & (_own.Length - 1)];
    }

    // In-order retirement: a TLP retires at its own time or its predecessor's, whichever is later.
    private void Propagate()
    {
        int mask = _own.Length - 1;
        while (_known < _count)
        {
            int i = (_head + _known) & mask;
            if (_own[i] == Unknown) return;
            long r = _own[i] > _lastRetire ? _own[i] : _lastRetire;
            _retire[i] = r;
            _lastRetire = r;
            _known++;
        }
    }

    private void Grow()
    {
        int n = _own.Length;
        _own = Unroll(_own, n);
        _retire = Unroll(_retire, n);
        _granted = Unroll(_granted, n);
        _cumulative = Unroll(_cumulative, n);
        _lines = Unroll(_lines, n);
        _head = 0;
    }

    private T[] Unroll<T>(T[] ring, int n)
    {
        var grown = new T[n * 2];
        for (int k = 0; k < _count; k++) grown[k] = ring[(_head + k) & (n - 1)];
        return grown;
    }
}
