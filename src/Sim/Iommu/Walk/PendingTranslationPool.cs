using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>The free list of a unit's <see cref="PendingTranslation"/>s: misses allocate nothing in steady state.</summary>
internal sealed class PendingTranslationPool(TranslationUnit owner)
{
    private PendingTranslation? _free;

    public PendingTranslation Rent(in TranslationRequest request, ITranslationClient client, long token, SimTime lookup)
    {
        var p = _free ?? new PendingTranslation(owner);
        _free = p.Next;
        p.Next = null;
        p.Request = request;
        p.Client = client;
        p.Token = token;
        p.Lookup = lookup;
        p.ContextFetch = SimTime.Zero;
        p.Domain = null;
        return p;
    }

    public void Return(PendingTranslation p)
    {
        p.Client = null;
        p.Domain = null;
        p.Next = _free;
        _free = p;
    }
}
