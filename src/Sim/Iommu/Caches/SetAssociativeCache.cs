using System.Runtime.CompilerServices;

namespace IommuSim.Iommu;

/// <summary>
/// A set-associative cache of <typeparamref name="TValue"/> entries, the building block of the IOTLB,
/// context cache, paging-structure caches and device ATC.
/// </summary>
/// <remarks>
/// <para>An entry is named by a 64-bit tag that the caller packs (for example domain id, page size and page
/// number) and lives in set <c>indexSource % Sets</c>, where the caller chooses the index source (an IOTLB
/// passes the page number). An entry is found only with the same tag in the same set.</para>
/// <para>Storage is flat arrays (tags, valid bits, values, age stamps), so lookup, insert and the
/// struct-predicate invalidation allocate nothing. A full set evicts by <see cref="CacheParams.Replacement"/>;
/// random replacement draws from a private SplitMix64 generator seeded by the constructor, so a cache's
/// choices depend only on its seed and its own history (derive the seed from a named stream of the run seed).</para>
/// <para>Not thread-safe: the simulation kernel runs one event at a time.</para>
/// </remarks>
/// <typeparam name="TValue">What an entry holds (a translation, a context entry...).</typeparam>
public sealed class SetAssociativeCache<TValue> where TValue : struct
{
    private readonly ulong[] _tags;
    private readonly bool[] _valid;
    private readonly TValue[] _values;
    // LRU: time of last lookup hit or insert; FIFO: time of insertion. Unique, so there are no ties.
    private readonly ulong[] _stamps;
    // Round-robin: the way each set evicts next.
    private readonly int[] _nextVictim;
    private readonly int _ways;
    private readonly ulong _sets;
    // Sets - 1 when the number of sets is a power of two (the usual case), so the set index is a mask;
    // ulong.MaxValue otherwise. A 64-bit division costs tens of cycles on the hit path.
    private readonly ulong _setMask;
    private readonly ReplacementPolicy _policy;
    private ulong _clock;
    private ulong _randomState;

    /// <summary>Creates an empty cache with a deterministic (non-random) replacement policy.</summary>
    /// <exception cref="ArgumentException">The policy is <see cref="ReplacementPolicy.Random"/>, which needs a seed.</exception>
    public SetAssociativeCache(CacheParams parameters) : this(parameters, 0)
    {
        if (parameters.Replacement == ReplacementPolicy.Random)
            throw new ArgumentException(
                "random replacement needs a seed: use the constructor that takes one (derived from the run seed)", nameof(parameters));
    }

    /// <summary>Creates an empty cache; <paramref name="seed"/> drives random replacement and is unused otherwise.</summary>
    public SetAssociativeCache(CacheParams parameters, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _ways = parameters.Ways;
        _sets = (ulong)parameters.Sets;
        _setMask = ulong.IsPow2(_sets) ? _sets - 1 : ulong.MaxValue;
        _policy = parameters.Replacement;
        _tags = new ulong[parameters.Entries];
        _valid = new bool[parameters.Entries];
        _values = new TValue[parameters.Entries];
        _stamps = new ulong[parameters.Entries];
        _nextVictim = new int[parameters.Sets];
        _randomState = seed;
    }

    /// <summary>The geometry and policy.</summary>
    public CacheParams Parameters { get; }
    /// <summary>Lookups that found their entry.</summary>
    public long Hits { get; private set; }
    /// <summary>Lookups that did not.</summary>
    public long Misses { get; private set; }
    /// <summary>Valid entries pushed out to make room for an insert.</summary>
    public long Evictions { get; private set; }
    /// <summary>Valid entries removed by invalidation.</summary>
    public long Invalidations { get; private set; }
    /// <summary>Valid entries now held.</summary>
    public int Occupancy { get; private set; }

    /// <summary>The set an index source maps to: <c>indexSource % Sets</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SetOf(ulong indexSource) => (int)(_setMask != ulong.MaxValue ? indexSource & _setMask : indexSource % _sets);

    /// <summary>
    /// Looks up <paramref name="tag"/> in the set of <paramref name="indexSource"/>; counts a hit or a miss
    /// and, under LRU, makes a hit the most recently used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryLookup(ulong tag, ulong indexSource, out TValue value)
    {
        int slot = Find(tag, SetOf(indexSource) * _ways);
        if (slot < 0)
        {
            Misses++;
            value = default;
            return false;
        }
        Hits++;
        if (_policy == ReplacementPolicy.Lru) _stamps[slot] = ++_clock;
        value = _values[slot];
        return true;
    }

    /// <summary>Inserts or refreshes an entry; see <see cref="Insert(ulong, ulong, in TValue, out ulong)"/>.</summary>
    /// <returns>True when a valid entry was evicted to make room.</returns>
    public bool Insert(ulong tag, ulong indexSource, in TValue value) => Insert(tag, indexSource, value, out _);

    /// <summary>
    /// Inserts <paramref name="value"/> under <paramref name="tag"/>. If the tag is already in its set, its
    /// value is replaced (and, under LRU, it becomes most recently used; FIFO and round-robin order are
    /// unchanged). Otherwise the lowest-numbered invalid way is filled, or, when the set is full, a victim
    /// chosen by the policy is evicted.
    /// </summary>
    /// <param name="tag">The entry's tag.</param>
    /// <param name="indexSource">Chooses the set.</param>
    /// <param name="value">The entry's value.</param>
    /// <param name="evictedTag">The evicted entry's tag when the result is true; 0 otherwise.</param>
    /// <returns>True when a valid entry was evicted to make room.</returns>
    public bool Insert(ulong tag, ulong indexSource, in TValue value, out ulong evictedTag)
    {
        int set = SetOf(indexSource);
        int first = set * _ways;
        evictedTag = 0;
        int slot = Find(tag, first);
        if (slot >= 0)
        {
            _values[slot] = value;
            if (_policy == ReplacementPolicy.Lru) _stamps[slot] = ++_clock;
            return false;
        }

        bool evicted = false;
        slot = FirstInvalid(first);
        if (slot < 0)
        {
            slot = first + Victim(set, first);
            evictedTag = _tags[slot];
            evicted = true;
            Evictions++;
        }
        else
        {
            Occupancy++;
        }
        _tags[slot] = tag;
        _values[slot] = value;
        _valid[slot] = true;
        _stamps[slot] = ++_clock;
        return evicted;
    }

    /// <summary>Removes <paramref name="tag"/> from the set of <paramref name="indexSource"/>; true if it was there.</summary>
    public bool Invalidate(ulong tag, ulong indexSource)
    {
        int slot = Find(tag, SetOf(indexSource) * _ways);
        if (slot < 0) return false;
        Remove(slot);
        return true;
    }

    /// <summary>
    /// Removes every valid entry that <paramref name="predicate"/> matches (for example every entry of one
    /// domain) and returns how many. With a struct predicate this allocates nothing.
    /// </summary>
    public int InvalidateWhere<TPredicate>(TPredicate predicate) where TPredicate : ICacheEntryPredicate<TValue>
    {
        int removed = 0;
        for (int slot = 0; slot < _tags.Length; slot++)
        {
            if (_valid[slot] && predicate.Matches(_tags[slot], in _values[slot]))
            {
                Remove(slot);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>
    /// Removes every valid entry that <paramref name="predicate"/> matches and returns how many.
    /// Convenient off the hot path; the struct-predicate overload allocates nothing.
    /// </summary>
    public int InvalidateWhere(Func<ulong, TValue, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return InvalidateWhere(new DelegatePredicate(predicate));
    }

    /// <summary>Removes every entry and returns how many were valid.</summary>
    public int InvalidateAll()
    {
        int removed = Occupancy;
        Array.Clear(_valid);
        Array.Clear(_values);
        Invalidations += removed;
        Occupancy = 0;
        return removed;
    }

    /// <summary>Zeroes <see cref="Hits"/>, <see cref="Misses"/>, <see cref="Evictions"/> and
    /// <see cref="Invalidations"/> (e.g. after warm-up); the contents stay.</summary>
    public void ResetCounters()
    {
        Hits = 0;
        Misses = 0;
        Evictions = 0;
        Invalidations = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ulong tag, int first)
    {
        for (int slot = first; slot < first + _ways; slot++)
            if (_valid[slot] && _tags[slot] == tag) return slot;
        return -1;
    }

    private int FirstInvalid(int first)
    {
        for (int slot = first; slot < first + _ways; slot++)
            if (!_valid[slot]) return slot;
        return -1;
    }

    private void Remove(int slot)
    {
        _valid[slot] = false;
        _values[slot] = default;   // drop references a value may hold
        Occupancy--;
        Invalidations++;
    }

    // The way (0-based within the set) to evict from a full set.
    private int Victim(int set, int first)
    {
        switch (_policy)
        {
            case ReplacementPolicy.Random:
                // Multiply-high maps a 64-bit draw onto [0, ways) without modulo bias worth the name.
                return (int)Math.BigMul(NextRandom(), (ulong)_ways, out _);
            case ReplacementPolicy.RoundRobin:
                int way = _nextVictim[set];
                _nextVictim[set] = way + 1 == _ways ? 0 : way + 1;
                return way;
            default:
                // LRU and FIFO both evict the smallest stamp; they differ in when stamps are renewed.
                int oldest = 0;
                for (int w = 1; w < _ways; w++)
                    if (_stamps[first + w] < _stamps[first + oldest]) oldest = w;
                return oldest;
        }
    }

    // SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
    // one add and two multiply-xorshift rounds; every seed, zero included, gives a full-period stream.
    private ulong NextRandom()
    {
        ulong z = _randomState += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }

    private readonly struct DelegatePredicate(Func<ulong, TValue, bool> predicate) : ICacheEntryPredicate<TValue>
    {
        public bool Matches(ulong tag, in TValue value) => predicate(tag, value);
    }
}
