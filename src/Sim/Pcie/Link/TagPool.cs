using IommuSim.Kernel;

namespace IommuSim.Pcie;

/// <summary>
/// The tags of a requester: each outstanding non-posted request (a memory read) holds one until its last completion
/// arrives, so at most <see cref="Capacity"/> are outstanding: 32 with 5-bit tags, 256 with 8-bit Extended Tags, 768
/// with 10-bit tags (PCIe 4.0). Requests that find none free wait first come, first served. A kernel
/// <see cref="Resource"/> underneath; the callbacks take (state, arg), so waiting allocates nothing.
/// </summary>
public sealed class TagPool
{
    private readonly Resource _tags;

    /// <summary>Creates a pool of <paramref name="tags"/> free tags.</summary>
    public TagPool(Simulation simulation, int tags)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfLessThan(tags, 1);
        _tags = new Resource(simulation, tags);
    }

    /// <summary>Tags in all.</summary>
    public int Capacity => _tags.Capacity;

    /// <summary>Tags held by outstanding requests.</summary>
    public int InUse => _tags.InUse;

    /// <summary>Requests waiting for a tag now.</summary>
    public int Waiting => _tags.QueueLength;

    /// <summary>Tags asked for in the window (granted at once or after a wait).</summary>
    public long Acquisitions { get; private set; }

    /// <summary>Requests in the window that found no tag free and had to wait.</summary>
    public long Waits { get; private set; }

    /// <summary>Takes a tag at once if one is free and nobody waits; false otherwise (nothing is queued).</summary>
    public bool TryAcquire()
    {
        if (!_tags.TryAcquire()) return false;
        Acquisitions++;
        return true;
    }

    /// <summary>
    /// Takes a tag: <paramref name="onGranted"/>(<paramref name="state"/>, <paramref name="arg"/>) runs from the event
    /// loop, at the current time when one is free, else when one is released to this request (first come, first
    /// served). The holder calls <see cref="Release"/> when its last completion has arrived.
    /// </summary>
    public void Acquire(Action<object?, long> onGranted, object? state, long arg)
    {
        if (_tags.InUse >= _tags.Capacity || _tags.QueueLength > 0) Waits++;
        Acquisitions++;
        _tags.Acquire(onGranted, state, arg);
    }

    /// <summary>Frees a tag; the longest-waiting request gets it at the current time.</summary>
    /// <exception cref="InvalidOperationException">No tag is in use.</exception>
    public void Release() => _tags.ReleaseUnit();

    /// <summary>Clears the counts (end of warm-up); tags held and requests waiting are kept.</summary>
    public void ResetStatistics()
    {
        Acquisitions = 0;
        Waits = 0;
    }
}
