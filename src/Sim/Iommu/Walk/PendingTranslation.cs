using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>
/// A translation that could not finish at once, from its context fetch or walk until delivery. Pooled by
/// the <see cref="TranslationUnit"/>, so misses allocate nothing in steady state.
/// </summary>
internal sealed class PendingTranslation
{
    public PendingTranslation(TranslationUnit owner) => Owner = owner;

    public TranslationUnit Owner { get; }
    public TranslationRequest Request;
    public ITranslationClient? Client;
    public long Token;
    public Domain? Domain;
    public SimTime Lookup;
    public SimTime ContextFetch;
    public SimTime WalkQueuedAt;
    // The invalidation epoch when the answer was decided; an ATC is filled only if it is still current.
    public long Epoch;
    // The answer when it needs no walk (decided after a context fetch).
    public TranslationSource Source;
    public IoFaultKind Fault;
    public TranslationLeaf Leaf;
    // Next waiter of the same walk, or next free object.
    public PendingTranslation? Next;
}
