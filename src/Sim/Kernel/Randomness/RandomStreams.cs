namespace IommuSim.Kernel.Randomness;

/// <summary>
/// The family of named random streams of one run, all derived from one master seed.
/// A stream's seed depends only on the master seed and its name, never on which other streams exist or
/// the order in which they were requested: adding a device does not change another device's numbers.
/// </summary>
/// <remarks>
/// <para>Derivation (a stable contract; changing it changes every result):
/// <c>seed(parent, name, domain) = Mix(Mix(parent XOR domain) XOR Fnv1a64(UTF-8 bytes of name))</c>,
/// where Mix is <see cref="SplitMix64.Mix"/>. A stream from <see cref="Get"/> uses domain
/// 0x53545245414D5331 ("STREAMS1") and a child family from <see cref="Derive"/> uses 0x4445524956454431
/// ("DERIVED1") as its master seed, so a stream and a child family with the same name never share a seed.
/// Since Mix is a bijection, two names with different FNV-1a hashes always get different seeds.</para>
/// <para>Not thread-safe: a family belongs to one simulation run (one thread).</para>
/// </remarks>
public sealed class RandomStreams
{
    private const ulong StreamDomain = 0x53545245414D5331;
    private const ulong DeriveDomain = 0x4445524956454431;

    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RandomStreams> _children = new(StringComparer.Ordinal);

    /// <summary>Creates the family of streams for <paramref name="masterSeed"/> (the scenario seed).</summary>
    public RandomStreams(ulong masterSeed) => MasterSeed = masterSeed;

    /// <summary>The seed every stream and child family of this family derives from.</summary>
    public ulong MasterSeed { get; }

    /// <summary>
    /// The stream named <paramref name="name"/> (names are compared ordinally). The first call creates it;
    /// later calls return the same instance, which continues where it left off.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public RandomStream Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_streams.TryGetValue(name, out var stream))
        {
            stream = new RandomStream(name, DeriveSeed(MasterSeed, name, StreamDomain));
            _streams.Add(name, stream);
        }
        return stream;
    }

    /// <summary>
    /// A child family named <paramref name="name"/>, e.g. one per replication or per device, whose master
    /// seed derives from this one (see remarks). Repeated calls return the same instance, so its streams
    /// are not restarted by asking again.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public RandomStreams Derive(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_children.TryGetValue(name, out var child))
        {
            child = new RandomStreams(DeriveSeed(MasterSeed, name, DeriveDomain));
            _children.Add(name, child);
        }
        return child;
    }

    private static ulong DeriveSeed(ulong parent, string name, ulong domain) =>
        SplitMix64.Mix(SplitMix64.Mix(parent ^ domain) ^ Fnv1a64.Hash(name));
}
