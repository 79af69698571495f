using IommuSim.Kernel;

namespace IommuSim.Iommu;

/// <summary>One walk on one walker, and the translations waiting for it (the first one started it). Pooled.</summary>
internal sealed class WalkJob
{
    public WalkJob(PageWalkerPool pool) => Pool = pool;

    public PageWalkerPool Pool { get; }
    public Domain Domain = null!;
    public ulong Iova;
    public ulong Key;
    public SimTime QueuedAt;
    public SimTime GrantedAt;
    public long Epoch;
    public WalkResult Result;
    public PendingTranslation? First;
    public PendingTranslation? Last;
    public WalkJob? NextFree;

    public void Add(PendingTranslation waiter)
    {
        waiter.Next = null;
        if (Last is null) First = waiter;
        else Last.Next = waiter;
        Last = waiter;
    }
}
